/**
 * Where executions live on Jira, as entity properties (no storage of our own):
 *
 * - each case issue's `casewright-run`: the last outcome where the Jira app has always read
 *   it (`outcome`, `runAt`), plus a capped history (newest last) and `flips`, how often the
 *   outcome changed or a repeat disagreed in that history (indexed: flaky cases are a JQL
 *   query, not a scan);
 * - each story's `casewright-executions`: a capped list of execution summaries touching the
 *   story, the story's criteria coverage and its flakiest cases, computed when an execution
 *   is recorded, so the project page reads one property per story.
 *
 * Entity property values are at most 32,768 characters
 * (https://developer.atlassian.com/cloud/jira/platform/jira-entity-properties/): the caps
 * below keep both far under it.
 */
import { z } from 'zod';
import { summarizeExecution, type Execution, type ExecutionCase } from '../../model/execution.js';
import { RunPropertySchema, type RunProperty } from './case-mapping.js';

/** The story entity property holding execution summaries, coverage and flaky cases. */
export const EXECUTIONS_PROPERTY_KEY = 'casewright-executions';
/**
 * The project entity property the Jira app's admin page writes (and the CLI and VS Code read
 * without Forge): `{ executionIssueType: "<issue type name>" | null }` — the issue type each
 * execution is recorded as, `null` for none.
 */
export const PROJECT_SETTINGS_PROPERTY_KEY = 'casewright.settings';
export const ProjectSettingsPropertySchema = z.looseObject({
  executionIssueType: z.string().min(1).max(60).nullable().optional(),
});
export type ProjectSettingsProperty = z.infer<typeof ProjectSettingsPropertySchema>;

/** Executions kept per case in `casewright-run.history`. */
export const RUN_HISTORY_CAP = 30;
/** Execution summaries kept per story. */
export const STORY_EXECUTIONS_CAP = 30;
/** Characters of a failure's reason kept per history entry (30 entries stay far under the 32,768 of a property). */
export const REASON_CAP = 300;
/** Flaky cases kept per story. */
export const STORY_FLAKY_CAP = 10;

const OutcomeEnum = z.enum(['passed', 'failed', 'errored', 'skipped']);

export const RunHistoryEntrySchema = z.looseObject({
  /** The execution id. */
  execution: z.string(),
  at: z.string(),
  outcome: OutcomeEnum,
  durationMs: z.number().optional(),
  /** With repeats: attempts disagreed. */
  flaky: z.boolean().optional(),
  /** Manual cases: each step's result in order, P(ass) F(ail) B(locked), e.g. `PPF`. */
  steps: z.string().optional(),
  /** Why it did not pass, one line (capped): what a bug filed later from this entry says under "Actual". */
  reason: z.string().optional(),
});
export type RunHistoryEntry = z.infer<typeof RunHistoryEntrySchema>;

/** `casewright-run` as executions write it: the old shape (outcome, runAt) plus the history. */
export const RunHistoryPropertySchema = RunPropertySchema.extend({
  executionId: z.string().optional(),
  history: z.array(RunHistoryEntrySchema).optional(),
  /** Executions recorded for the case, ever (the history keeps only the last ones). */
  runs: z.number().int().min(0).optional(),
  /** Outcome changes between consecutive entries of the history, plus flaky entries. */
  flips: z.number().int().min(0).optional(),
});
export type RunHistoryProperty = z.infer<typeof RunHistoryPropertySchema>;

export const StoryExecutionSchema = z.looseObject({
  id: z.string(),
  at: z.string(),
  source: z.string(),
  commit: z.string().optional(),
  branch: z.string().optional(),
  buildUrl: z.string().optional(),
  by: z.string().optional(),
  total: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  errored: z.number().int(),
  skipped: z.number().int(),
  flaky: z.number().int(),
});
export type StoryExecution = z.infer<typeof StoryExecutionSchema>;

export const StoryCoverageSchema = z.looseObject({
  /** Criteria at least one (not deprecated) case covers. */
  covered: z.number().int(),
  /** Covered criteria whose covering cases that ran all passed last time. */
  passing: z.number().int(),
  /** Covered criteria with a covering case that failed or errored last time. */
  failing: z.number().int(),
  /** Covered criteria none of whose cases has run. */
  neverRun: z.number().int(),
  /** Criterion id → passing | failing | never-run. */
  criteria: z.record(z.string(), z.enum(['passing', 'failing', 'never-run'])).default({}),
});
export type StoryCoverage = z.infer<typeof StoryCoverageSchema>;

export const StoryExecutionsPropertySchema = z.looseObject({
  schema: z.literal(1),
  lastRunAt: z.string(),
  /** passed / (total - skipped) of the last execution, 0..1 (1 when nothing ran but skips). */
  lastPassRate: z.number(),
  executions: z.array(StoryExecutionSchema),
  cases: z.number().int(),
  coverage: StoryCoverageSchema,
  flaky: z.array(z.looseObject({ key: z.string(), title: z.string(), flips: z.number().int() })).default([]),
});
export type StoryExecutionsProperty = z.infer<typeof StoryExecutionsPropertySchema>;

/** passed / cases that ran (skipped ones do not count); 1 when nothing ran. */
export function passRate(s: { passed: number; total: number; skipped: number }): number {
  const ran = s.total - s.skipped;
  return ran > 0 ? s.passed / ran : 1;
}

/** How often the outcome changed along the history, plus the entries whose repeats disagreed. */
export function countFlips(history: readonly RunHistoryEntry[]): number {
  let flips = 0;
  const ran = history.filter((h) => h.outcome !== 'skipped');
  for (let i = 1; i < ran.length; i++) if ((ran[i]!.outcome === 'passed') !== (ran[i - 1]!.outcome === 'passed')) flips++;
  return flips + history.filter((h) => h.flaky).length;
}

/**
 * The case's `casewright-run` after `execution`: the last outcome where the panel reads it, the
 * entry appended to the history (an entry of the same execution — a shard or a rerun — is
 * replaced), the history capped to the newest `cap`.
 */
export function nextRunProperty(
  previous: unknown,
  execution: Pick<Execution, 'id' | 'finishedAt'>,
  result: Pick<ExecutionCase, 'outcome' | 'durationMs' | 'flaky' | 'successRate' | 'steps' | 'reason'>,
  cap = RUN_HISTORY_CAP,
): RunHistoryProperty {
  const prev = RunHistoryPropertySchema.safeParse(previous);
  const old = prev.success ? prev.data : undefined;
  const oldHistory = (old?.history ?? []).filter((h) => h.execution !== execution.id);
  const replaced = (old?.history?.length ?? 0) !== oldHistory.length;
  const entry: RunHistoryEntry = {
    execution: execution.id,
    at: execution.finishedAt,
    outcome: result.outcome,
    ...(result.durationMs !== undefined ? { durationMs: Math.round(result.durationMs) } : {}),
    ...(result.flaky ? { flaky: true } : {}),
    ...(result.steps?.length
      ? {
          steps: result.steps
            .map((s) => s.status[0])
            .join('')
            .slice(0, 200),
        }
      : {}),
    ...(result.reason && result.outcome !== 'passed' ? { reason: result.reason.slice(0, REASON_CAP) } : {}),
  };
  const history = [...oldHistory, entry].slice(-cap);
  return {
    ...(old ?? {}),
    outcome: result.outcome,
    runAt: execution.finishedAt,
    ...(result.successRate !== undefined ? { score: result.successRate } : {}),
    executionId: execution.id,
    history,
    runs: (old?.runs ?? old?.history?.length ?? (old ? 1 : 0)) + (replaced ? 0 : 1),
    flips: countFlips(history),
  };
}

/** The last outcome a `casewright-run` value records, if any. */
export function lastOutcome(property: unknown): RunProperty['outcome'] | undefined {
  const parsed = RunPropertySchema.safeParse(property);
  return parsed.success ? parsed.data.outcome : undefined;
}

/** A story's case as the coverage needs it: what it covers, whether it is deprecated, its last run. */
export interface StoryCaseState {
  key: string;
  title: string;
  covers: readonly string[];
  deprecated: boolean;
  run: RunHistoryProperty | undefined;
}

/** Covered / passing / failing / never-run criteria of a story, from its cases' last outcomes. */
export function storyCoverage(cases: readonly StoryCaseState[]): StoryCoverage {
  const criteria: Record<string, 'passing' | 'failing' | 'never-run'> = {};
  const state = new Map<string, { ran: boolean; failing: boolean }>();
  for (const c of cases) {
    if (c.deprecated) continue;
    const outcome = c.run?.outcome;
    for (const id of c.covers) {
      const s = state.get(id) ?? { ran: false, failing: false };
      if (outcome && outcome !== 'skipped') s.ran = true;
      if (outcome === 'failed' || outcome === 'errored') s.failing = true;
      state.set(id, s);
    }
  }
  for (const [id, s] of [...state.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })))
    criteria[id] = s.failing ? 'failing' : s.ran ? 'passing' : 'never-run';
  const count = (v: string) => Object.values(criteria).filter((x) => x === v).length;
  return { covered: state.size, passing: count('passing'), failing: count('failing'), neverRun: count('never-run'), criteria };
}

/** The story's summary of one execution (its cases of the story only). */
export function storyExecution(execution: Execution, cases: readonly ExecutionCase[]): StoryExecution {
  return {
    id: execution.id,
    at: execution.finishedAt,
    source: execution.source,
    ...(execution.commit ? { commit: execution.commit.slice(0, 40) } : {}),
    ...(execution.branch ? { branch: execution.branch.slice(0, 100) } : {}),
    ...(execution.ci?.buildUrl ? { buildUrl: execution.ci.buildUrl.slice(0, 300) } : {}),
    ...(execution.by?.name ? { by: execution.by.name.slice(0, 100) } : {}),
    ...summarizeExecution(cases),
  };
}

/** The story's `casewright-executions` after an execution: the summary appended (same id replaced), capped. */
export function nextStoryProperty(
  previous: unknown,
  summary: StoryExecution,
  cases: readonly StoryCaseState[],
  cap = STORY_EXECUTIONS_CAP,
): StoryExecutionsProperty {
  const prev = StoryExecutionsPropertySchema.safeParse(previous);
  const executions = [...(prev.success ? prev.data.executions.filter((e) => e.id !== summary.id) : []), summary]
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-cap);
  const last = executions[executions.length - 1]!;
  const flaky = cases
    .filter((c) => (c.run?.flips ?? 0) > 0)
    .map((c) => ({ key: c.key, title: c.title.slice(0, 120), flips: c.run!.flips! }))
    .sort((a, b) => b.flips - a.flips || a.key.localeCompare(b.key))
    .slice(0, STORY_FLAKY_CAP);
  return {
    schema: 1,
    lastRunAt: last.at,
    lastPassRate: Math.round(passRate(last) * 1000) / 1000,
    executions,
    cases: cases.length,
    coverage: storyCoverage(cases),
    flaky,
  };
}
