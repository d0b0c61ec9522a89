/**
 * An execution: one recorded run of cases — `casewright run --jira` on a laptop or in CI,
 * a run from VS Code, a person stepping through a manual case. Every front end builds one
 * and hands it to core's `recordExecution` job, which stores it on Jira.
 */
import { z } from 'zod';
import { CaseIdSchema, JiraKeySchema, TimestampSchema } from './common.js';
import { OutcomeSchema } from './case.js';
import { countOutcomes, RunSummarySchema, StepResultSchema } from './result.js';

/** Where an execution came from. */
export const ExecutionSourceSchema = z.enum(['cli', 'ci', 'vscode', 'manual', 'jira']);
export type ExecutionSource = z.infer<typeof ExecutionSourceSchema>;

/** The CI system a run happened in, read from its environment variables. */
export const CiInfoSchema = z.strictObject({
  provider: z.enum(['github-actions', 'gitlab-ci', 'jenkins', 'ci']),
  /** A link to the build (workflow run, job, Jenkins build). */
  buildUrl: z.string().optional(),
  /** The CI's own id of the run (GITHUB_RUN_ID, CI_PIPELINE_ID, BUILD_TAG). */
  runId: z.string().optional(),
  /** Who started it (GITHUB_ACTOR, GITLAB_USER_LOGIN, BUILD_USER_ID). */
  actor: z.string().optional(),
});
export type CiInfo = z.infer<typeof CiInfoSchema>;

export const ExecutionPersonSchema = z.strictObject({
  /** Display name (Jira's, or the CI actor's). */
  name: z.string().optional(),
  /** The Jira account id, when known. */
  accountId: z.string().optional(),
});
export type ExecutionPerson = z.infer<typeof ExecutionPersonSchema>;

/** One case of an execution. */
export const ExecutionCaseSchema = z.strictObject({
  caseId: CaseIdSchema,
  title: z.string(),
  kind: z.enum(['conversation', 'manual']),
  /** The case's Jira issue (cases never pushed have none: their result stays local). */
  jiraKey: JiraKeySchema.optional(),
  /** The story the case tests. */
  story: JiraKeySchema.optional(),
  outcome: OutcomeSchema,
  /** Why it did not pass (the failed checks, the error, the blocked steps), one line. */
  reason: z.string().optional(),
  durationMs: z.number().min(0).optional(),
  cost: z.number().min(0).optional(),
  /** With repeats: passed attempts / attempts that ran, and whether attempts disagreed. */
  successRate: z.number().min(0).max(1).optional(),
  flaky: z.boolean().optional(),
  attempts: z.number().int().min(1).optional(),
  /** Manual cases: each step's PASS / FAIL / BLOCKED and the actual result noted. */
  steps: z.array(StepResultSchema).optional(),
});
export type ExecutionCase = z.infer<typeof ExecutionCaseSchema>;

export const ExecutionSummarySchema = RunSummarySchema.pick({
  total: true,
  passed: true,
  failed: true,
  errored: true,
  skipped: true,
  flaky: true,
});
export type ExecutionSummary = z.infer<typeof ExecutionSummarySchema>;

export const ExecutionSchema = z.strictObject({
  schemaVersion: z.literal(1),
  /** Stable id: the run id, or the CI run's id so shards of one CI run are one execution. */
  id: z.string().min(1).max(100),
  source: ExecutionSourceSchema,
  startedAt: TimestampSchema,
  finishedAt: TimestampSchema,
  durationMs: z.number().min(0),
  by: ExecutionPersonSchema.optional(),
  /** The target the cases ran against (name), and the model behind it or the judge. */
  target: z.string().optional(),
  model: z.string().optional(),
  commit: z.string().optional(),
  branch: z.string().optional(),
  ci: CiInfoSchema.optional(),
  /** `--shard i/n` of a CI matrix. */
  shard: z.string().optional(),
  cost: z.number().min(0),
  summary: ExecutionSummarySchema,
  cases: z.array(ExecutionCaseSchema),
});
export type Execution = z.infer<typeof ExecutionSchema>;

/** Counts of an execution's cases. */
export function summarizeExecution(cases: readonly Pick<ExecutionCase, 'outcome' | 'flaky'>[]): ExecutionSummary {
  return countOutcomes(cases);
}
