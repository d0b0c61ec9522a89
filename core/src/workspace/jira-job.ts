import { UsageError } from '../errors/usage-error.js';
import { MAX_CASE_FILE_BYTES, parseCaseFile } from '../model/case-file.js';
import type { TestCase } from '../model/case.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { JiraKeySchema } from '../model/common.js';
import { findCaseFiles } from '../model/load.js';
import { CASE_LABEL, CASE_PROPERTY_KEY, RUN_PROPERTY_KEY } from '../connectors/jira/case-mapping.js';
import { resolveIssueType } from '../connectors/jira/issue-type.js';
import type { JiraClient } from '../connectors/jira/jira-client.js';
import { storyRemoteCases, toRemoteCase, type RemoteCase } from '../connectors/jira/remote-cases.js';
import {
  pullCases,
  pushCases,
  resolvePullReview,
  type PullStatus,
  type PushStatus,
  type SyncItem,
  type SyncReport,
} from '../connectors/jira/sync.js';
import { applySyncItems, SYNC_NEEDS_ATTENTION } from '../connectors/jira/apply-sync.js';
import { updateFileAtomic } from '../model/atomic-write.js';
import { readCaseFileText } from './case-file-io.js';
import { checkJiraKey, projectKeyOf } from './story-job.js';
import type { Workspace } from './workspace.js';

export type SyncDirection = 'push' | 'pull';

/**
 * Sync outcomes where nothing was written: a person decides (the editor shows a diff).
 * `review`: Jira changed what a case runs (assertions, target, vars, …); see `SyncCaseFilesOptions.review`.
 */
export const NEEDS_ATTENTION: ReadonlySet<string> = SYNC_NEEDS_ATTENTION;

type IssueTypes = Map<string, Promise<{ id: string; name: string }>>;

async function pushTarget(ws: Workspace, client: JiraClient, story: string | undefined, issueTypes: IssueTypes = new Map()) {
  const section = ws.config.jira;
  const projectKey = section?.project ?? (story ? projectKeyOf(story) : undefined);
  if (!projectKey) return undefined;
  let issueType = issueTypes.get(projectKey);
  if (!issueType) {
    issueType = resolveIssueType(client, projectKey, section?.issueType);
    issueTypes.set(projectKey, issueType);
  }
  return {
    client,
    story,
    projectKey,
    issueType: await issueType,
    linkType: section?.linkType ?? 'Relates',
    priorities: section?.priorities,
    statuses: section?.statuses,
  };
}

export interface PushCasesOptions {
  cases: readonly TestCase[];
  /** The story the cases test: new case issues are linked to it and created in its project (unless `jira.project` is set). */
  story?: string | undefined;
  /** Hash of the story's criteria now (see `criteriaHashOf`), so a later change marks the cases suspect. */
  criteriaHash?: string | undefined;
  /**
   * Ids of cases whose version here replaces a change made in Jira: the person saw both sides of
   * the conflict and chose to keep theirs. Every other change made in Jira is kept.
   */
  overwriteJira?: Iterable<string> | undefined;
  /** Called as cases are written (`done` of `total`), e.g. for a job's progress. */
  onProgress?: ((done: number, total: number) => void | Promise<void>) | undefined;
  now?: (() => Date) | undefined;
}

/**
 * Pushes cases to Jira, one issue per case linked to the story: creates (50 per bulk call),
 * updates, or reports conflicts and Jira-side changes (never overwritten, unless the case is
 * in `overwriteJira`). Issue type, link type, priorities and the statuses issues move to
 * come from the workspace's `jira:` configuration.
 */
export async function pushCasesToJira(ws: Workspace, options: PushCasesOptions): Promise<SyncReport<PushStatus>> {
  const story = options.story === undefined ? undefined : checkJiraKey(options.story, 'the story');
  const target = await pushTarget(ws, await ws.jira(), story);
  if (!target) throw new UsageError('no story and no jira.project: name the story the cases belong to');
  return pushCases(options.cases, {
    ...target,
    criteriaHash: options.criteriaHash,
    overwriteJira: options.overwriteJira ? new Set(options.overwriteJira) : undefined,
    onProgress: options.onProgress,
    now: options.now,
  });
}

/** The test-case issues linked to a story, as Jira holds them (with their last run). */
export async function listStoryCases(ws: Workspace, story: string): Promise<RemoteCase[]> {
  return storyRemoteCases(await ws.jira(), checkJiraKey(story, 'the story'));
}

export interface SearchJiraCasesOptions {
  project: string;
  story?: string | undefined;
  priority?: string | undefined;
  status?: string | undefined;
  /** Words in the summary. */
  text?: string | undefined;
  limit: number;
}

/**
 * A project's test-case issues, filtered through the case property's search index: at most
 * `limit`, and `truncated` when the project has more that match.
 */
export async function searchJiraCases(
  ws: Workspace,
  options: SearchJiraCasesOptions,
): Promise<{ cases: RemoteCase[]; truncated: boolean }> {
  if (!/^[A-Z][A-Z0-9_]+$/.test(options.project)) throw new UsageError(`"${options.project}" is not a Jira project key such as SHOP`);
  const quote = (s: string) => `"${s.replace(/["\\]/g, '')}"`;
  const clauses = [`project = ${options.project}`, `labels = ${CASE_LABEL}`];
  if (options.story) clauses.push(`issue.property[${CASE_PROPERTY_KEY}].story = ${quote(options.story)}`);
  if (options.priority) clauses.push(`issue.property[${CASE_PROPERTY_KEY}].priority = ${quote(options.priority)}`);
  if (options.status) clauses.push(`issue.property[${CASE_PROPERTY_KEY}].status = ${quote(options.status)}`);
  if (options.text?.trim()) clauses.push(`summary ~ ${quote(options.text.trim())}`);
  const issues = await (
    await ws.jira()
  ).searchAll(`${clauses.join(' AND ')} ORDER BY key ASC`, {
    fields: ['summary', 'description', 'status'],
    properties: [CASE_PROPERTY_KEY, RUN_PROPERTY_KEY],
    pageSize: 100,
    limit: options.limit + 1,
  });
  // Jira stopped at limit + 1: more exist than were read, whatever the caller's own filters keep.
  const truncated = issues.length > options.limit;
  return { cases: issues.slice(0, options.limit).flatMap((issue) => toRemoteCase(issue) ?? []), truncated };
}

export interface FileSyncResult {
  /** Absolute path. */
  file: string;
  shown: string;
  story: string | undefined;
  items: Array<SyncItem<PushStatus | PullStatus>>;
  /** Issues of the story that could not be read as cases. */
  problems: Array<{ key: string; message: string }>;
  /** Whether the case file was rewritten. */
  written: boolean;
  /** Cases the user changed in the file while the sync ran: their edit was kept, the sync's not written. */
  changedMeanwhile?: string[] | undefined;
  /** Why the file was not synced (no story and no project). */
  skipped?: string | undefined;
  /** The file's errors: it was not synced. */
  diagnostics?: Diagnostic[] | undefined;
  /** What stopped this file (with `keepGoing`). */
  error?: string | undefined;
}

export interface SyncCaseFilesOptions {
  direction: SyncDirection;
  /** Case files or directories; default: the workspace. */
  paths?: readonly string[] | undefined;
  /** The story of every file (default: each file's `story:`). */
  story?: string | undefined;
  /**
   * false (default): a file with errors stops the sync before anything is sent, and a failure
   * stops it. true: such files are reported and the others are synced (the editor).
   */
  keepGoing?: boolean | undefined;
  onProgress?: ((progress: { file: string; index: number; total: number }) => void) | undefined;
  /**
   * Pull only. A case whose executable fields Jira changed (status `review`, with `item.pending`:
   * each field and both values) is shown to a person here: `accept` takes Jira's case, `reject`
   * keeps the local executable fields and takes the text (and tells Jira), undefined decides
   * nothing. Without it such cases stay `review` and nothing of them is written.
   */
  review?: ((item: SyncItem<PullStatus>, file: string) => Promise<'accept' | 'reject' | undefined>) | undefined;
}

export interface SyncCaseFilesResult {
  direction: SyncDirection;
  files: FileSyncResult[];
  /** Files with errors (with `keepGoing: false` nothing was synced when this is not 0). */
  invalid: number;
  /** Cases and issues that need a person: conflicts, changes on the other side, errors. */
  attention: number;
}

/**
 * Pushes or pulls case files over core's versioned sync. Conflicts and changes on the
 * other side are reported and never written; everything else is written back field by
 * field, keeping comments, through the one case-file writer.
 */
export async function syncCaseFiles(ws: Workspace, options: SyncCaseFilesOptions): Promise<SyncCaseFilesResult> {
  const storyOption = options.story === undefined ? undefined : checkJiraKey(options.story, '--story');
  const paths = await findCaseFiles(options.paths?.length ? options.paths : ['.'], ws.cwd);
  const loaded: Array<{ file: string; shown: string; text: string; suite: ReturnType<typeof parseCaseFile>['suite'] }> = [];
  const files: FileSyncResult[] = [];
  let invalid = 0;
  for (const file of paths) {
    const shown = ws.shown(file);
    const text = await readCaseFileText(file, shown);
    if (text === undefined) throw new UsageError(`${shown}: no such file`);
    if (Buffer.byteLength(text) > MAX_CASE_FILE_BYTES) throw new UsageError(`${shown}: the file is too large for a case file`);
    const parsed = parseCaseFile(text, shown);
    if (!parsed.suite) {
      invalid++;
      const diagnostics = parsed.diagnostics.filter((d) => d.severity === 'error');
      files.push({ file, shown, story: undefined, items: [], problems: [], written: false, diagnostics });
      continue;
    }
    loaded.push({ file, shown, text, suite: parsed.suite });
  }
  if (invalid > 0 && !options.keepGoing) return { direction: options.direction, files, invalid, attention: 0 };

  const client = await ws.jira();
  const issueTypes: IssueTypes = new Map();
  let attention = 0;
  for (const [index, { file, shown, suite }] of loaded.entries()) {
    options.onProgress?.({ file: shown, index, total: loaded.length });
    const cases = suite!.cases;
    const story = storyOption ?? (suite!.story && JiraKeySchema.safeParse(suite!.story).success ? suite!.story : undefined);
    const result: FileSyncResult = { file, shown, story, items: [], problems: [], written: false };
    files.push(result);
    try {
      if (options.direction === 'push') {
        const target = await pushTarget(ws, client, story, issueTypes);
        if (!target) {
          result.skipped = 'no story (a Jira key in the file’s story:, or --story) and no jira.project in the config';
          continue;
        }
        result.items = (await pushCases(cases, target)).items;
      } else {
        if (!story && !ws.config.jira?.project) {
          result.skipped = 'no story (a Jira key in the file’s story:, or --story) and no jira.project in the config';
          continue;
        }
        const report = await pullCases(cases, { client, story });
        for (const item of report.items) {
          const decision = options.review && item.status === 'review' ? await options.review(item, file) : undefined;
          result.items.push(decision ? await resolvePullReview(item, decision, { client }) : item);
        }
        result.problems = report.problems;
      }
      // Merged into the file as it is now: a case the user edited while Jira was asked keeps the edit.
      let changedMeanwhile: string[] = [];
      result.written = await updateFileAtomic(
        file,
        (now) => {
          if (now === undefined) throw new UsageError(`${shown} was deleted during the sync; nothing was written`);
          const applied = applySyncItems(now, shown, cases, result.items);
          changedMeanwhile = applied.changedMeanwhile;
          return applied.text;
        },
        { shown },
      );
      if (changedMeanwhile.length) result.changedMeanwhile = changedMeanwhile;
    } catch (error) {
      if (!options.keepGoing) throw error;
      result.error = error instanceof Error ? error.message : String(error);
    }
    attention +=
      result.items.filter((i) => NEEDS_ATTENTION.has(i.status)).length + result.problems.length + (result.changedMeanwhile?.length ?? 0);
  }
  return { direction: options.direction, files, invalid, attention };
}
