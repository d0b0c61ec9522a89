/**
 * Executions: what a run (CLI, CI, VS Code, a manual execution) becomes on Jira. One job every
 * front end calls: `executionFromRun` builds the execution from a run's result and the case
 * files (who, commit and build from the CI's variables and git), `recordExecution` stores it
 * (docs/executions.md), `fileDefectsForExecution` files or reuses a bug per new failure.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { detectCi } from '../config/ci-environment.js';
import { CASE_PROPERTY_KEY, CasePropertySchema, RUN_PROPERTY_KEY } from '../connectors/jira/case-mapping.js';
import {
  EXECUTIONS_PROPERTY_KEY,
  PROJECT_SETTINGS_PROPERTY_KEY,
  ProjectSettingsPropertySchema,
  lastOutcome,
  nextRunProperty,
  nextStoryProperty,
  RunHistoryPropertySchema,
  storyExecution,
  type StoryCaseState,
} from '../connectors/jira/executions.js';
import { adf, type AdfNode } from '../connectors/jira/adf.js';
import type { JiraClient } from '../connectors/jira/jira-client.js';
import type { JiraIssue } from '../connectors/jira/jira-api.js';
import { fileDefect, type DefectInput } from '../connectors/jira/defects.js';
import type { TestCase } from '../model/case.js';
import { JiraKeySchema } from '../model/common.js';
import {
  ExecutionSourceSchema,
  summarizeExecution,
  type Execution,
  type ExecutionCase,
  type ExecutionPerson,
  type ExecutionSource,
} from '../model/execution.js';
import { loadCaseFile } from '../model/load.js';
import { UsageError } from '../errors/usage-error.js';
import type { CaseResult, RunResult } from '../model/result.js';
import type { QueueDecision } from '../model/judge-queue.js';
import { JUDGE_QUEUE_PROPERTY_KEY, judgeVerdictsForJira, nextJudgeQueueProperty } from './judge-queue-jira-job.js';
import { projectKeyOf } from './story-job.js';
import type { Workspace } from './workspace.js';

const isJiraKey = (v: string | undefined): v is string => v !== undefined && JiraKeySchema.safeParse(v).success;
const FAILING = new Set(['failed', 'errored']);
const NO_PROJECT = 'no Jira issue or story to take the project from';

/** A case of the case files, with what an execution needs beside its result. */
export interface ExecutedCaseInfo {
  testCase: TestCase;
  /** The suite's or the case's story (a Jira key, or a story file). */
  story: string | undefined;
  file: string;
}

export interface ExecutionFromRunOptions {
  /** The case files the run loaded (absolute), to learn each case's Jira key and story. */
  files: readonly string[];
  /** The cases of those files, when the caller already read them (`readExecutedCases`). */
  cases?: ReadonlyMap<string, ExecutedCaseInfo> | undefined;
  /** Default: `ci` inside a CI, else `cli`. */
  source?: ExecutionSource | undefined;
  by?: ExecutionPerson | undefined;
  model?: string | undefined;
  /** Default: the CI run's id (shards of one CI run are one execution), else the run's id. */
  id?: string | undefined;
}

/** The case files' cases by id (lower case), with their story. */
export async function readExecutedCases(ws: Workspace, files: readonly string[]): Promise<Map<string, ExecutedCaseInfo>> {
  const out = new Map<string, ExecutedCaseInfo>();
  for (const file of files) {
    const parsed = await loadCaseFile(file, ws.shown(file));
    for (const tc of parsed.suite?.cases ?? []) {
      const source = tc.source as { story?: string } | undefined;
      out.set(tc.id.toLowerCase(), { testCase: tc, story: parsed.suite?.story ?? source?.story, file });
    }
  }
  return out;
}

/** Commit and branch from git, when the workspace is a repository and git is there; nothing otherwise. */
async function gitInfo(cwd: string): Promise<{ commit?: string; branch?: string }> {
  const run = promisify(execFile);
  const git = async (...args: string[]) => {
    try {
      return (await run('git', args, { cwd, timeout: 5_000, windowsHide: true })).stdout.trim() || undefined;
    } catch {
      return undefined;
    }
  };
  const commit = await git('rev-parse', 'HEAD');
  const branch = commit ? await git('rev-parse', '--abbrev-ref', 'HEAD') : undefined;
  return { ...(commit ? { commit } : {}), ...(branch && branch !== 'HEAD' ? { branch } : {}) };
}

/** One line on why a case did not pass. */
function reasonOf(result: CaseResult): string | undefined {
  if (result.outcome === 'passed') return undefined;
  if (result.skipReason) return result.skipReason;
  if (result.error) return `${result.error.code}: ${result.error.message}`.slice(0, 500);
  const failed = result.assertions.filter((a) => !a.pass && !a.skipped).map((a) => `${a.type}: ${a.reason}`);
  const steps = (result.steps ?? [])
    .filter((s) => s.status !== 'PASS')
    .map((s) => `step ${s.index} ${s.status}${s.actual ? `: ${s.actual}` : ''}`);
  const all = [...failed, ...steps].join('; ');
  return all ? all.slice(0, 500) : undefined;
}

/** A front end that runs the CLI for its user (VS Code's Test Explorer) names itself in `CASEWRIGHT_EXECUTION_SOURCE`. */
function sourceFromEnv(env: Record<string, string | undefined>): ExecutionSource | undefined {
  const parsed = ExecutionSourceSchema.safeParse(env.CASEWRIGHT_EXECUTION_SOURCE);
  return parsed.success ? parsed.data : undefined;
}

/** One case's result as an execution records it. */
export function toExecutionCase(r: CaseResult, info: { jiraKey?: string | undefined; story?: string | undefined }): ExecutionCase {
  const reason = reasonOf(r);
  return {
    caseId: r.caseId,
    title: r.title,
    kind: r.kind,
    ...(isJiraKey(info.jiraKey) ? { jiraKey: info.jiraKey } : {}),
    ...(isJiraKey(info.story) ? { story: info.story } : {}),
    outcome: r.outcome,
    ...(reason ? { reason } : {}),
    durationMs: r.durationMs,
    ...(r.cost !== undefined ? { cost: r.cost } : {}),
    ...(r.successRate !== undefined ? { successRate: r.successRate } : {}),
    ...(r.flaky ? { flaky: true } : {}),
    ...(r.attempts?.length ? { attempts: r.attempts.length } : {}),
    ...(r.steps?.length ? { steps: r.steps } : {}),
  };
}

/** A person's manual execution of one case (the VS Code stepper): an execution of its own. */
export function manualExecution(
  result: CaseResult,
  info: { jiraKey?: string | undefined; story?: string | undefined; by?: ExecutionPerson | undefined },
): Execution {
  const c = toExecutionCase(result, info);
  const started = Date.parse(result.startedAt);
  return {
    schemaVersion: 1,
    id: `manual-${result.caseId.slice(0, 8)}-${started}`,
    source: 'manual',
    startedAt: result.startedAt,
    finishedAt: new Date(started + result.durationMs).toISOString(),
    durationMs: result.durationMs,
    ...(info.by ? { by: info.by } : {}),
    cost: 0,
    summary: summarizeExecution([c]),
    cases: [c],
  };
}

/** The execution of a run: its cases with their Jira keys and stories, who, commit and build from the environment. */
export async function executionFromRun(ws: Workspace, run: RunResult, options: ExecutionFromRunOptions): Promise<Execution> {
  const infos = options.cases ?? (await readExecutedCases(ws, options.files));
  const ci = detectCi(ws.env);
  const git = ci?.commit ? {} : await gitInfo(ws.cwd);
  const cases = run.cases.map((r) => {
    const info = infos.get(r.caseId.toLowerCase());
    return toExecutionCase(r, { jiraKey: info?.testCase.jira?.key, story: info?.story });
  });
  const by = options.by ?? (ci?.ci.actor ? { name: ci.ci.actor } : undefined);
  const shard = run.shard ? `${run.shard.index}/${run.shard.count}` : undefined;
  return {
    schemaVersion: 1,
    id: (options.id ?? ci?.executionId ?? run.runId).slice(0, 100) || randomUUID(),
    source: options.source ?? sourceFromEnv(ws.env) ?? (ci ? 'ci' : 'cli'),
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    durationMs: run.summary.durationMs,
    ...(by ? { by } : {}),
    ...(run.target ? { target: run.target } : {}),
    ...(options.model ? { model: options.model } : {}),
    ...((ci?.commit ?? git.commit) ? { commit: ci?.commit ?? git.commit } : {}),
    ...((ci?.branch ?? git.branch) ? { branch: ci?.branch ?? git.branch } : {}),
    ...(ci ? { ci: ci.ci } : {}),
    ...(shard ? { shard } : {}),
    cost: run.summary.cost,
    summary: summarizeExecution(cases),
    cases,
  };
}

/** What recording needs of a workspace (a front end without a whole workspace can pass these two). */
export interface ExecutionWorkspace {
  jira(): Promise<JiraClient>;
  readonly config: {
    readonly jira?: { readonly executionIssueType?: string | undefined; readonly linkType?: string | undefined } | undefined;
    readonly judgeQueue?: { readonly margin?: number | undefined } | undefined;
  };
  /** Masks secrets in what goes to Jira (the judged answers of `judge`). */
  readonly secrets?: { maskDeep<T>(value: T): T } | undefined;
}

export interface RecordExecutionOptions {
  /** Also create an issue of this type for the execution, linked to its cases (default: the config's `jira.executionIssueType`). */
  executionIssueType?: string | undefined;
  /** Link type between the execution issue and its cases (default: the config's `jira.linkType`). */
  linkType?: string | undefined;
  /** Between polls of Jira's bulk-property task. */
  pollMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /**
   * The run's result: its judge verdicts a person should look at (`judgeQueue.margin`) go to
   * their stories' `casewright-judge-queue` property, for the Jira app's "Judge review".
   */
  judge?: { result: RunResult; decided?: ReadonlyMap<string, QueueDecision> | undefined } | undefined;
}

export interface RecordExecutionResult {
  executionId: string;
  /** Case issues whose history got the execution. */
  recorded: string[];
  /** Cases without a Jira key: their result stays in the local reports. */
  local: ExecutionCase[];
  /** Jira keys the case files name that Jira did not find (deleted, or no permission). */
  missing: string[];
  /** Stories whose execution summary was updated. */
  stories: string[];
  /** The execution's own issue, when one was created. */
  executionIssue?: string | undefined;
  /**
   * The issue type the execution was recorded as and where it was chosen: `option` (the CLI's
   * `--execution-issue`), `config` (`jira.executionIssueType`), or `project` (the project's
   * `casewright.settings` property, set on the Jira app's admin page). Undefined: no execution issue.
   */
  executionIssueType?: { issueType: string; from: 'option' | 'config' | 'project'; project?: string | undefined } | undefined;
  /** Each recorded case's last outcome before this execution (undefined: never ran), by case id (lower case). */
  previous: Map<string, ExecutionCase['outcome'] | undefined>;
  /** Judge verdicts sent to their stories' queue on Jira (with `judge`). */
  judgeQueued: number;
}

/** Keys or property-index values, 100 a query, quoted for JQL (only Jira keys get here). */
function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function searchMany(
  jira: JiraClient,
  clause: (quoted: string) => string,
  values: readonly string[],
  properties: readonly string[],
  signal?: AbortSignal,
): Promise<JiraIssue[]> {
  const out: JiraIssue[] = [];
  for (const part of chunks(values, 100)) {
    const jql = clause(part.map((v) => `"${v}"`).join(', '));
    for await (const issue of jira.search(jql, { fields: ['summary'], properties, pageSize: 100, signal })) out.push(issue);
  }
  return out;
}

/**
 * Stores an execution on Jira, in bulk: reads the touched stories' cases through the
 * property index (one paged query per 100 stories) and the remaining case issues by key,
 * appends the execution to each case's `casewright-run` history (capped), writes each
 * touched story's `casewright-executions` (summary, coverage, flaky cases; capped) with
 * "Bulk set issue properties by issue", 100 issues a call, and with an execution issue type
 * creates that issue linked to the cases. Cases without a Jira key stay local (`local`).
 */
export async function recordExecution(
  ws: ExecutionWorkspace,
  execution: Execution,
  options: RecordExecutionOptions = {},
): Promise<RecordExecutionResult> {
  const jira = await ws.jira();
  const signal = options.signal;
  const keyed = execution.cases.filter((c) => isJiraKey(c.jiraKey));
  const local = execution.cases.filter((c) => !isJiraKey(c.jiraKey));
  const stories = [...new Set(keyed.map((c) => c.story).filter(isJiraKey))].sort();
  const properties = [CASE_PROPERTY_KEY, RUN_PROPERTY_KEY];

  // Every case of the touched stories (the coverage needs them all), then the rest by key.
  const found = new Map<string, JiraIssue>();
  for (const issue of await searchMany(jira, (s) => `issue.property[${CASE_PROPERTY_KEY}].story in (${s})`, stories, properties, signal))
    found.set(issue.key, issue);
  const rest = [...new Set(keyed.map((c) => c.jiraKey!))].filter((k) => !found.has(k));
  for (const issue of await searchMany(jira, (s) => `key in (${s})`, rest, properties, signal)) found.set(issue.key, issue);

  const byKey = new Map(keyed.map((c) => [c.jiraKey!, c]));
  const previous = new Map<string, ExecutionCase['outcome'] | undefined>();
  const runWrites: Array<{ issueId: string; properties: Record<string, unknown> }> = [];
  const recorded: string[] = [];
  const state = new Map<string, StoryCaseState & { story: string | undefined }>();
  for (const issue of found.values()) {
    const c = byKey.get(issue.key);
    const oldRun = issue.properties?.[RUN_PROPERTY_KEY];
    let run = RunHistoryPropertySchema.safeParse(oldRun).data;
    if (c) {
      previous.set(c.caseId.toLowerCase(), lastOutcome(oldRun));
      run = nextRunProperty(oldRun, execution, c);
      runWrites.push({ issueId: issue.id, properties: { [RUN_PROPERTY_KEY]: run } });
      recorded.push(issue.key);
    }
    const prop = CasePropertySchema.safeParse(issue.properties?.[CASE_PROPERTY_KEY]).data;
    state.set(issue.key, {
      key: issue.key,
      title: prop?.title ?? String(issue.fields.summary ?? issue.key),
      covers: prop?.covers ?? [],
      deprecated: prop?.status === 'deprecated',
      run,
      story: prop?.story ?? c?.story,
    });
  }
  const missing = [...byKey.keys()].filter((k) => !found.has(k)).sort();

  // The stories' own property: one summary per execution, capped.
  const storyWrites: Array<{ issueId: string; properties: Record<string, unknown> }> = [];
  const verdicts = options.judge
    ? judgeVerdictsForJira(execution, options.judge.result, {
        margin: ws.config.judgeQueue?.margin,
        secrets: ws.secrets,
        decided: options.judge.decided,
      })
    : [];
  let judgeQueued = 0;
  const storyProperties = verdicts.length ? [EXECUTIONS_PROPERTY_KEY, JUDGE_QUEUE_PROPERTY_KEY] : [EXECUTIONS_PROPERTY_KEY];
  const storyIssues = await searchMany(jira, (s) => `key in (${s})`, stories, storyProperties, signal);
  for (const story of storyIssues) {
    const ran = keyed.filter((c) => c.story === story.key && found.has(c.jiraKey!));
    const cases = [...state.values()].filter((s) => s.story === story.key);
    const value = nextStoryProperty(story.properties?.[EXECUTIONS_PROPERTY_KEY], storyExecution(execution, ran), cases);
    const judged = verdicts.filter((v) => v.story === story.key && found.has(v.caseKey));
    judgeQueued += judged.length;
    storyWrites.push({
      issueId: story.id,
      properties: {
        [EXECUTIONS_PROPERTY_KEY]: value,
        ...(judged.length
          ? { [JUDGE_QUEUE_PROPERTY_KEY]: nextJudgeQueueProperty(story.properties?.[JUDGE_QUEUE_PROPERTY_KEY], judged) }
          : {}),
      },
    });
  }
  await jira.setPropertiesBulk([...runWrites, ...storyWrites], { pollMs: options.pollMs, signal });

  const chosen = recorded.length > 0 ? await executionIssueTypeOf(jira, options, ws, projectKeyOf(recorded.sort()[0]!)) : undefined;
  const issueType = chosen?.issueType;
  let executionIssue: string | undefined;
  if (issueType && recorded.length > 0) {
    executionIssue = await createExecutionIssue(
      jira,
      execution,
      issueType,
      recorded,
      options.linkType ?? ws.config.jira?.linkType ?? 'Relates',
    );
  }
  return {
    executionId: execution.id,
    recorded: recorded.sort(),
    local,
    missing,
    stories: storyIssues.map((s) => s.key).sort(),
    executionIssue,
    ...(chosen ? { executionIssueType: chosen } : {}),
    previous,
    judgeQueued,
  };
}

/**
 * The issue type an execution is recorded as, and where that came from: the option (the CLI's
 * `--execution-issue`) first, then the config's `jira.executionIssueType`, then the project's
 * `casewright.settings` property that the Jira app's admin page writes (`null` there: none).
 */
async function executionIssueTypeOf(
  jira: JiraClient,
  options: RecordExecutionOptions,
  ws: ExecutionWorkspace,
  project: string,
): Promise<RecordExecutionResult['executionIssueType']> {
  if (options.executionIssueType) return { issueType: options.executionIssueType, from: 'option' };
  if (ws.config.jira?.executionIssueType) return { issueType: ws.config.jira.executionIssueType, from: 'config' };
  const parsed = ProjectSettingsPropertySchema.safeParse(await jira.getProjectProperty(project, PROJECT_SETTINGS_PROPERTY_KEY));
  const type = parsed.success ? parsed.data.executionIssueType : undefined;
  return type ? { issueType: type, from: 'project', project } : undefined;
}

/** The execution's own issue: a readable summary, the execution in a property, a link to each case. */
async function createExecutionIssue(
  jira: JiraClient,
  execution: Execution,
  issueType: string,
  keys: readonly string[],
  linkType: string,
): Promise<string> {
  const s = execution.summary;
  const byKey = new Map(execution.cases.filter((c) => c.jiraKey).map((c) => [c.jiraKey!, c]));
  const created = await jira.createIssue(
    {
      project: { key: projectKeyOf(keys[0]!) },
      issuetype: { name: issueType },
      summary: `Execution ${execution.id}: ${s.passed} passed, ${s.failed + s.errored} failed, ${s.skipped} skipped`.slice(0, 255),
      description: adf.doc([
        adf.p(executionLine(execution)),
        adf.table(
          ['Case', 'Outcome', 'Why'],
          keys
            .slice(0, 200)
            .map((k) => [`${k} ${byKey.get(k)?.title ?? ''}`.trim(), byKey.get(k)?.outcome ?? '', byKey.get(k)?.reason ?? '']),
        ),
        ...(keys.length > 200 ? [adf.p(`… and ${keys.length - 200} more cases (each case's history holds its result).`)] : []),
      ]),
      labels: ['casewright-execution'],
    },
    { properties: [{ key: 'casewright-execution', value: { id: execution.id, at: execution.finishedAt, summary: s } }] },
  );
  for (const key of keys) await jira.linkIssues({ type: linkType, inwardKey: created.key, outwardKey: key });
  return created.key;
}

/** `Execution <id> · ci · 2026-… · commit abc1234 on main · <build url> · target …` */
export function executionLine(execution: Execution): string {
  return [
    `Execution ${execution.id}`,
    execution.source,
    execution.finishedAt,
    execution.by?.name ? `by ${execution.by.name}` : undefined,
    execution.commit ? `commit ${execution.commit.slice(0, 12)}${execution.branch ? ` on ${execution.branch}` : ''}` : undefined,
    execution.ci?.buildUrl,
    execution.target ? `target ${execution.target}` : undefined,
    execution.model ? `model ${execution.model}` : undefined,
    execution.shard ? `shard ${execution.shard}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

export interface FileDefectsOptions {
  /** Each case's outcome before this execution (from `recordExecution`), by case id (lower case). */
  previous: ReadonlyMap<string, ExecutionCase['outcome'] | undefined>;
  /** An earlier result (`--baseline`): when given, it decides what is a new failure instead of Jira's history. */
  baseline?: RunResult | undefined;
  /** The run's results (transcripts, failed checks), by case id. */
  results: readonly CaseResult[];
  /** The cases (steps, expected answers), by case id (lower case). */
  cases: ReadonlyMap<string, ExecutedCaseInfo>;
  issueType?: string | undefined;
  linkType?: string | undefined;
}

export interface FiledDefect {
  caseId: string;
  key: string;
  created: boolean;
  /** Files attached to the bug (the transcript, the execution). */
  attachments: string[];
  /** Why the files could not be attached (the bug is filed all the same). */
  attachmentError?: string | undefined;
}

/** Characters of a transcript or an execution attached to a bug; more is cut with a note. */
export const ATTACHMENT_CAP = 1_000_000;
/** Characters of the transcript the description keeps; the whole transcript is attached. */
const TRANSCRIPT_EXCERPT = 2_000;

const capped = (text: string) =>
  text.length > ATTACHMENT_CAP ? `${text.slice(0, ATTACHMENT_CAP)}\n… cut at ${ATTACHMENT_CAP} characters (${text.length} in all)\n` : text;
/** A filename part from an id: what Jira and file systems take (letters, digits, `.`, `_`, `-`). */
const safeName = (id: string) => id.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);

/** The files a bug of a failed case gets: `transcript-<case>.txt` (when the case has one) and `execution-<id>.json`. */
export function defectAttachments(
  execution: Execution,
  c: ExecutionCase,
  result: CaseResult | undefined,
): Array<{ filename: string; content: string; contentType: string }> {
  const transcript = transcriptOf(result);
  return [
    ...(transcript
      ? [{ filename: `transcript-${safeName(c.jiraKey ?? c.caseId)}.txt`, content: capped(`${transcript}\n`), contentType: 'text/plain' }]
      : []),
    {
      filename: `execution-${safeName(execution.id)}.json`,
      content: capped(`${JSON.stringify(execution, null, 2)}\n`),
      contentType: 'application/json',
    },
  ];
}

/**
 * Files a bug for each NEW failure of the execution — a case failed or errored now and did
 * not in the previous execution Jira recorded (or in `baseline` when given): a case that
 * keeps failing already has its bug. Each through the one-case job of `fileDefectForCase`.
 */
export async function fileDefectsForExecution(
  ws: Workspace,
  execution: Execution,
  options: FileDefectsOptions,
): Promise<{ filed: FiledDefect[]; skipped: Array<{ caseId: string; reason: string }> }> {
  const jira = await ws.jira();
  const baseline = options.baseline && new Map(options.baseline.cases.map((c) => [c.caseId.toLowerCase(), c.outcome]));
  const results = new Map(options.results.map((r) => [r.caseId.toLowerCase(), r]));
  const filed: FiledDefect[] = [];
  const skipped: Array<{ caseId: string; reason: string }> = [];
  // Masked once for every bug (a transcript may echo a key).
  const masked = ws.secrets.maskDeep(execution);
  for (const c of masked.cases) {
    if (!FAILING.has(c.outcome)) continue;
    const id = c.caseId.toLowerCase();
    const before = baseline ? baseline.get(id) : options.previous.get(id);
    if (before && FAILING.has(before)) {
      skipped.push({ caseId: c.caseId, reason: `already ${before} in the ${baseline ? 'baseline' : 'previous execution'}` });
      continue;
    }
    if (!isJiraKey(c.jiraKey ?? c.story)) {
      skipped.push({ caseId: c.caseId, reason: NO_PROJECT });
      continue;
    }
    filed.push(
      await fileMaskedDefect(ws, jira, masked, c, {
        testCase: options.cases.get(id)?.testCase,
        result: results.get(id),
        issueType: options.issueType,
        linkType: options.linkType,
      }),
    );
  }
  return { filed, skipped };
}

export interface FileDefectForCaseOptions {
  /** The case as its file holds it: a manual case's steps table and expected results come from it. */
  testCase?: TestCase | undefined;
  /** The case's result in the execution: failed checks, the transcript. */
  result?: CaseResult | undefined;
  /** Default `Bug`. */
  issueType?: string | undefined;
  /** Link type to the case and the story; default the workspace's `jira.linkType`, else `Relates`. */
  linkType?: string | undefined;
}

/**
 * The defect job for one failed case of an execution (VS Code's stepper after a manual FAIL;
 * `fileDefectsForExecution` for each new failure of a run): the bug's description
 * (`defectDescription`: steps table with each step's result and notes, expected, actual, the
 * execution, the transcript) through `fileDefect` — one open bug per case, reused with a
 * comment, linked to the case and the story — then the transcript and the execution JSON
 * attached (`defectAttachments`), masked when the workspace has secrets. A case that did not
 * fail, or has neither a Jira issue nor a story key, is refused before Jira is called.
 */
export async function fileDefectForCase(
  ws: ExecutionWorkspace,
  execution: Execution,
  caseId: string,
  options: FileDefectForCaseOptions = {},
): Promise<FiledDefect> {
  const c = execution.cases.find((x) => x.caseId.toLowerCase() === caseId.toLowerCase());
  if (!c) throw new UsageError(`the execution ${execution.id} has no case ${caseId}`);
  if (!FAILING.has(c.outcome)) throw new UsageError(`"${c.title}" ${c.outcome} in the execution ${execution.id}: there is nothing to file`);
  if (!isJiraKey(c.jiraKey ?? c.story)) throw new UsageError(`"${c.title}" has ${NO_PROJECT} (pushing the case to Jira gives it an issue)`);
  const masked = ws.secrets ? ws.secrets.maskDeep(execution) : execution;
  const mc = masked.cases.find((x) => x.caseId.toLowerCase() === caseId.toLowerCase())!;
  return fileMaskedDefect(ws, await ws.jira(), masked, mc, {
    ...options,
    linkType: options.linkType ?? ws.config.jira?.linkType,
  });
}

/** One bug for a failed case of an (already masked) execution: filed or commented, then the files attached. */
async function fileMaskedDefect(
  ws: ExecutionWorkspace,
  jira: JiraClient,
  execution: Execution,
  c: ExecutionCase,
  options: FileDefectForCaseOptions,
): Promise<FiledDefect> {
  const mask = <T>(value: T): T => (ws.secrets ? ws.secrets.maskDeep(value) : value);
  const result = options.result && mask(options.result);
  const files = defectAttachments(execution, c, result);
  const input = defectInput(execution, c, options.testCase, result, {
    projectKey: projectKeyOf((c.jiraKey ?? c.story)!),
    issueType: options.issueType,
    linkType: options.linkType,
    attachments: files.map((f) => f.filename),
  });
  const outcome = await fileDefect(jira, input);
  const attached: string[] = [];
  let attachmentError: string | undefined;
  for (const f of files) {
    try {
      await jira.addAttachment(outcome.key, f.filename, f.content, f.contentType);
      attached.push(f.filename);
    } catch (error) {
      // Attachments may be off on the site, or the user may not attach: the bug stands, the caller says why.
      attachmentError = mask((error as Error).message);
      break;
    }
  }
  return { caseId: c.caseId, ...outcome, attachments: attached, ...(attachmentError ? { attachmentError } : {}) };
}

/**
 * What `fileDefect` needs for one failed case of an execution: summary, the description
 * (`defectDescription`), and the comment an open bug of the case gets instead of a duplicate.
 */
export function defectInput(
  execution: Execution,
  c: ExecutionCase,
  testCase: TestCase | undefined,
  result: CaseResult | undefined,
  where: { projectKey: string; issueType?: string | undefined; linkType?: string | undefined; attachments?: readonly string[] | undefined },
): DefectInput {
  const description = defectDescription(execution, c, testCase, result, where.attachments);
  return {
    caseId: c.caseId,
    projectKey: where.projectKey,
    summary: `Failed: ${c.title}`,
    description,
    comment: adf.doc([adf.p(`Failed again: ${executionLine(execution)}`), ...(description.content ?? [])]),
    story: c.story,
    caseKey: c.jiraKey,
    ...(where.issueType ? { issueType: where.issueType } : {}),
    ...(where.linkType ? { linkType: where.linkType } : {}),
  };
}

const codeBlock = (text: string): AdfNode => ({
  type: 'codeBlock',
  attrs: {},
  ...(text ? { content: [adf.text(text.slice(0, 20_000))] } : {}),
});

/** A bug's description: steps, expected, actual, the execution, the transcript (ADF). */
export function defectDescription(
  execution: Execution,
  c: ExecutionCase,
  testCase: TestCase | undefined,
  result: CaseResult | undefined,
  /** Files attached to the bug beside the description (named under "Attachments"). */
  attachments: readonly string[] = [],
): AdfNode {
  const content: AdfNode[] = [adf.heading(3, 'Steps to reproduce')];
  if (testCase?.kind === 'manual') {
    if (testCase.preconditions?.length) content.push(adf.p(`Preconditions: ${testCase.preconditions.join('; ')}`));
    const steps = new Map((c.steps ?? []).map((s) => [s.index, s]));
    content.push(
      adf.table(
        ['#', 'Action', 'Expected', 'Result', 'Actual'],
        testCase.steps.map((s, i) => [
          String(i + 1),
          s.data ? `${s.action} (data: ${s.data})` : s.action,
          s.expected,
          steps.get(i + 1)?.status ?? '',
          steps.get(i + 1)?.actual ?? '',
        ]),
      ),
    );
  } else {
    content.push(
      adf.p(
        `Run the case ${c.title} (${c.caseId})${execution.target ? ` against ${execution.target}` : ''}: casewright run --case ${c.caseId}`,
      ),
    );
  }
  const expected =
    testCase?.kind === 'conversation'
      ? [testCase.expected.content, ...(testCase.expected.requirements ?? [])].filter((x): x is string => Boolean(x))
      : (testCase?.steps.map((s) => s.expected) ?? []);
  content.push(adf.heading(3, 'Expected'), expected.length ? adf.bullets(expected.slice(0, 20)) : adf.p('(see the case)'));
  const failedChecks = (result?.assertions ?? []).filter((a) => !a.pass && !a.skipped);
  content.push(
    adf.heading(3, 'Actual'),
    adf.p(`${c.outcome}${c.reason ? `: ${c.reason}` : ''}`),
    ...(failedChecks.length
      ? [
          adf.bullets(
            failedChecks.slice(0, 20).map((a) => `${a.type}: ${a.reason}${a.actual ? ` (actual: ${a.actual.slice(0, 300)})` : ''}`),
          ),
        ]
      : []),
    adf.heading(3, 'Execution'),
    adf.p(executionLine(execution)),
  );
  const transcript = transcriptOf(result);
  if (transcript) {
    const cut = transcript.length > TRANSCRIPT_EXCERPT;
    content.push(
      adf.heading(3, cut ? 'Transcript (excerpt)' : 'Transcript'),
      codeBlock(cut ? `${transcript.slice(0, TRANSCRIPT_EXCERPT)}\n…` : transcript),
    );
  }
  if (attachments.length) content.push(adf.heading(3, 'Attachments'), adf.p(`Attached to this issue: ${attachments.join(', ')}.`));
  return adf.doc(content);
}

/** The conversation sent and the answers, one line per message (empty when the case has none). */
function transcriptOf(result: CaseResult | undefined): string {
  return [
    ...(result?.input ?? []).map((m) => `${m.role}: ${m.content}`),
    ...(result?.turns?.length
      ? result.turns.map((t) => `assistant (turn ${t.turn}): ${t.output}`)
      : result?.output !== undefined
        ? [`assistant: ${result.output}`]
        : []),
  ].join('\n');
}
