import { UsageError } from '../../errors/usage-error.js';
import { CaseIdSchema } from '../../model/common.js';
import type { AdfNode } from './adf.js';
import type { JiraClient } from './jira-client.js';

/** The entity property that ties a bug to the case it was filed for: `{ caseId, story? }` (indexed: open defects per story). */
export const DEFECT_PROPERTY_KEY = 'casewright.defect';
/** The label every bug Casewright files carries, so a team can find them all. */
export const DEFECT_LABEL = 'casewright-defect';

export interface DefectInput {
  /** The failed case (its stable id ties the bug to it). */
  caseId: string;
  /** The Jira project the bug is filed in (e.g. the story's project). */
  projectKey: string;
  /** The bug's summary, e.g. `Failed: <case title>`. */
  summary: string;
  /** The bug's description: steps, expected and actual results (Atlassian Document Format). */
  description: AdfNode;
  /** What to add to an existing open bug of the case; default: the description. */
  comment?: AdfNode | undefined;
  /** The story the case tests, and the case's own issue (when synced): the bug is linked to both. */
  story?: string | undefined;
  caseKey?: string | undefined;
  /** Default `Bug`. */
  issueType?: string | undefined;
  /** Link type to the story and the case issue; default `Relates`. */
  linkType?: string | undefined;
}

export interface DefectOutcome {
  key: string;
  /** True when a new bug was created; false when the case's open bug got a comment. */
  created: boolean;
}

/** Whether a Jira issue's status counts as closed (status category `done`). */
function isDone(fields: Record<string, unknown>): boolean {
  const status = fields.status as { statusCategory?: { key?: unknown } } | undefined;
  return status?.statusCategory?.key === 'done';
}

/** The case's open bug, if one exists: the oldest bug tied to the case whose status is not done. */
export async function findOpenDefect(
  client: JiraClient,
  projectKey: string,
  caseId: string,
  issueType = 'Bug',
): Promise<string | undefined> {
  // The three go into JQL: a case file is untrusted input, so nothing but a key, a UUID and a type name.
  if (!/^[A-Z][A-Z0-9_]+$/.test(projectKey)) throw new UsageError(`"${projectKey}" is not a Jira project key such as SHOP`);
  if (!CaseIdSchema.safeParse(caseId).success) throw new UsageError(`"${caseId}" is not a case id (a UUID)`);
  if (!/^[\p{L}\p{N} _-]+$/u.test(issueType)) throw new UsageError(`"${issueType}" is not a Jira issue type name`);
  const jql =
    `project = "${projectKey}" AND issuetype = "${issueType}" AND ` +
    `issue.property[${DEFECT_PROPERTY_KEY}].caseId = "${caseId.toLowerCase()}" ORDER BY created ASC`;
  const found = await client.searchAll(jql, { fields: ['status'], limit: 50 });
  return found.find((issue) => !isDone(issue.fields))?.key;
}

/**
 * Files a defect for a failed case, one open bug per case: when the case already has an open
 * bug (tied to it by the `casewright.defect` entity property), the failure is added to it as a
 * comment instead of a duplicate being created; otherwise a new bug is created in
 * `projectKey`, labelled `casewright-defect`, and linked to the story and the case's issue.
 * A bug whose status is done no longer counts: the next failure files a new one.
 * Jira errors surface as `JiraError` (status and Jira's messages); nothing is retried here.
 */
export async function fileDefect(client: JiraClient, input: DefectInput): Promise<DefectOutcome> {
  const issueType = input.issueType ?? 'Bug';
  const existing = await findOpenDefect(client, input.projectKey, input.caseId, issueType);
  if (existing) {
    await client.addComment(existing, input.comment ?? input.description);
    return { key: existing, created: false };
  }
  const created = await client.createIssue(
    {
      project: { key: input.projectKey },
      issuetype: { name: issueType },
      summary: input.summary.slice(0, 255),
      description: input.description,
      labels: [DEFECT_LABEL],
    },
    {
      properties: [
        { key: DEFECT_PROPERTY_KEY, value: { caseId: input.caseId.toLowerCase(), ...(input.story ? { story: input.story } : {}) } },
      ],
    },
  );
  const linkType = input.linkType ?? 'Relates';
  for (const other of new Set([input.story, input.caseKey].filter((k): k is string => Boolean(k)))) {
    await client.linkIssues({ type: linkType, inwardKey: created.key, outwardKey: other });
  }
  return { key: created.key, created: true };
}
