/**
 * Reading the test-case issues Casewright wrote: by key, by the story's links,
 * and by case id through the entity-property index.
 */
import { TestCaseSchema, type TestCase } from '../../model/case.js';
import { JiraError } from './jira-error.js';
import type { JiraIssue } from './jira-api.js';
import type { JiraClient } from './jira-client.js';
import {
  applyEditable,
  CASE_PROPERTY_KEY,
  CasePropertySchema,
  hashOf,
  issueEditable,
  RUN_PROPERTY_KEY,
  RunPropertySchema,
  type CaseProperty,
  type RunProperty,
} from './case-mapping.js';

/** A test-case issue as read from Jira. */
export interface RemoteCase {
  key: string;
  property: CaseProperty;
  /** The case as Jira holds it now: the property's case with edits made in Jira applied. */
  case: TestCase | undefined;
  /** Why `case` is undefined (an edit in Jira that breaks the case, a bad property). */
  problem?: string | undefined;
  /** True when summary or description were edited in Jira since the last sync. */
  editedInJira: boolean;
  lastRun?: RunProperty | undefined;
  summary: string;
  status?: string | undefined;
}

const FIELDS = ['summary', 'description', 'status', 'issuelinks'];

/** Turns an issue (fetched with the case property) into a RemoteCase; undefined when it is not a Casewright case. */
export function toRemoteCase(issue: JiraIssue): RemoteCase | undefined {
  const parsed = CasePropertySchema.safeParse(issue.properties?.[CASE_PROPERTY_KEY]);
  if (!parsed.success) return undefined;
  const property = parsed.data;
  const base = TestCaseSchema.safeParse(property.case);
  const run = RunPropertySchema.safeParse(issue.properties?.[RUN_PROPERTY_KEY]);
  const common = {
    key: issue.key,
    property,
    lastRun: run.success ? run.data : undefined,
    summary: String(issue.fields.summary ?? ''),
    status: (issue.fields.status as { name?: string } | undefined)?.name,
  };
  if (!base.success) return { ...common, case: undefined, problem: 'the case stored in Jira is not valid', editedInJira: false };
  // The property is untrusted: a case whose id is not the one it is indexed under would overwrite another local case.
  if (base.data.id.toLowerCase() !== property.caseId.toLowerCase())
    return {
      ...common,
      case: undefined,
      problem: `the case stored in Jira has id ${base.data.id}, not ${property.caseId} as its property says; refused (nothing was taken)`,
      editedInJira: false,
    };
  const edit = issueEditable(base.data.kind, issue.fields.summary, issue.fields.description);
  const editedInJira = hashOf(edit) !== property.fieldsHash;
  if (!editedInJira) return { ...common, case: base.data, editedInJira };
  try {
    return { ...common, case: applyEditable(base.data, edit), editedInJira };
  } catch (error) {
    const first = (error as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues?.[0];
    const where = first ? `${first.path.join('.')}: ${first.message}` : 'invalid';
    return { ...common, case: undefined, problem: `the edit made in Jira breaks the case (${where})`, editedInJira };
  }
}

/** One case issue by key, or undefined if it is gone (404). */
export async function getRemoteCase(client: JiraClient, key: string): Promise<RemoteCase | undefined> {
  try {
    const issue = await client.getIssue(key, { fields: FIELDS, properties: [CASE_PROPERTY_KEY, RUN_PROPERTY_KEY] });
    return toRemoteCase(issue);
  } catch (error) {
    if (JiraError.isInstance(error) && (error as JiraError).status === 404) return undefined;
    throw error;
  }
}

/**
 * The case issues linked to a story. Reads the story's links and then each
 * linked issue directly (not through search, which Jira indexes with a delay,
 * so a case saved a second ago is already found).
 */
export async function storyRemoteCases(client: JiraClient, story: string): Promise<RemoteCase[]> {
  const issue = await client.getIssue(story, { fields: ['issuelinks'] });
  const links = (issue.fields.issuelinks ?? []) as Array<{ inwardIssue?: { key: string }; outwardIssue?: { key: string } }>;
  const keys = [...new Set(links.map((l) => l.inwardIssue?.key ?? l.outwardIssue?.key).filter((k): k is string => Boolean(k)))];
  const out: RemoteCase[] = [];
  for (const key of keys) {
    const remote = await getRemoteCase(client, key);
    if (remote) out.push(remote);
  }
  return out;
}

/** Case issues by case id, through the JQL index on the case property. */
export async function findRemoteCasesById(client: JiraClient, caseIds: readonly string[]): Promise<RemoteCase[]> {
  const out: RemoteCase[] = [];
  for (let i = 0; i < caseIds.length; i += 40) {
    const chunk = caseIds.slice(i, i + 40);
    const jql = `issue.property[${CASE_PROPERTY_KEY}].caseId in (${chunk.map((id) => `"${id.replace(/"/g, '')}"`).join(', ')})`;
    for (const issue of await client.searchAll(jql, { fields: FIELDS, properties: [CASE_PROPERTY_KEY, RUN_PROPERTY_KEY] })) {
      const remote = toRemoteCase(issue);
      if (remote) out.push(remote);
    }
  }
  return out;
}
