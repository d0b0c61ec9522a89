import {
  applySyncItems,
  JiraKeySchema,
  SYNC_NEEDS_ATTENTION,
  updateFileAtomic,
  YAML_WRITE_OPTIONS,
  loadCaseFile,
  pullCases,
  pushCases,
  resolveIssueType,
  type JiraClient,
  type JiraSection,
  type SyncItem,
  type TestCase,
} from '@casewright/core';
import { stringify } from 'yaml';

export type SyncDirection = 'push' | 'pull';

/** Statuses where nothing was written: the user decides (a diff is shown). */
// 'review': Jira changed what a case runs; nothing is taken until a person reviews it (core's resolvePullReview).
export const NEEDS_ATTENTION = SYNC_NEEDS_ATTENTION;

export interface FileSyncResult {
  file: string;
  story: string | undefined;
  items: SyncItem<string>[];
  problems: { key: string; message: string }[];
  /** Whether the case file was rewritten. */
  written: boolean;
  skipped?: string | undefined;
}

/**
 * Pushes or pulls one case file over core's versioned sync. Conflicts and changes on the
 * other side are reported and never written; everything else is written back field by field.
 * Free of `vscode` so it is tested against the local Jira server.
 */
export async function syncCaseFile(
  client: JiraClient,
  file: string,
  shown: string,
  direction: SyncDirection,
  section: JiraSection | undefined,
): Promise<FileSyncResult> {
  const parsed = await loadCaseFile(file, shown);
  if (!parsed.suite) {
    const first = parsed.diagnostics.find((d) => d.severity === 'error');
    throw new Error(
      `${shown} has errors (${first ? `line ${first.start.line}: ${first.message}` : 'see Problems'}); fix them before syncing`,
    );
  }
  const suite = parsed.suite;
  const story = suite.story && JiraKeySchema.safeParse(suite.story).success ? suite.story : undefined;
  const projectKey = section?.project ?? story?.replace(/-\d+$/, '');
  if (!projectKey)
    return {
      file,
      story,
      items: [],
      problems: [],
      written: false,
      skipped: 'no story: (a Jira key) in the file and no jira.project in the config',
    };
  let items: SyncItem<string>[];
  let problems: { key: string; message: string }[] = [];
  if (direction === 'push') {
    const issueType = await resolveIssueType(client, projectKey, section?.issueType);
    items = (await pushCases(suite.cases, { client, story, projectKey, issueType, linkType: section?.linkType ?? 'Relates' })).items;
  } else {
    const report = await pullCases(suite.cases, { client, story });
    items = report.items;
    problems = report.problems;
  }
  // Atomic and change-checked: a case edited in the editor while the sync ran is kept, never overwritten.
  const written = await updateFileAtomic(
    file,
    (text) => {
      if (text === undefined) throw new Error(`${shown} was deleted during the sync; nothing was written`);
      return applySyncItems(text, shown, suite.cases, items).text;
    },
    { shown },
  );
  return { file, story, items, problems, written };
}

/** A case as YAML, for the two sides of a conflict diff. */
export function caseYaml(testCase: TestCase | undefined): string {
  return testCase ? stringify(testCase, YAML_WRITE_OPTIONS) : '# (not in Jira)\n';
}
