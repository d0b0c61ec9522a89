import { z } from 'zod';
import { AssertionResultSchema, JudgeOutcomeSchema, RequirementVerdictSchema } from './result.js';

/** The lines of `.casewright/judge-queue.jsonl`: a judge check queued for a person, and a person's decision on one. */
export const QueueReasonSchema = z.enum(['near-threshold', 'disagreement']);
export type QueueReason = z.infer<typeof QueueReasonSchema>;

/** A judge check a person should look at. */
export const QueuedVerdictSchema = z.strictObject({
  /** Stable over re-runs: the same case, check, answer and verdicts give the same id (12 hex digits). */
  id: z.string().regex(/^[0-9a-f]{12}$/),
  caseId: z.string(),
  title: z.string(),
  file: z.string().optional(),
  /** Where the check is in the case result's `assertions` (indexes; more than one inside an assert-set). */
  path: z.array(z.number().int().min(0)).min(1),
  /** The assertion type of the check (`llm-judge`, `judge-ensemble`). */
  check: z.string(),
  metric: z.string().optional(),
  why: z.array(QueueReasonSchema).min(1),
  /** The judges' verdict on the check, its score and the threshold it was held to. */
  pass: z.boolean(),
  score: z.number().min(0).max(1),
  threshold: z.number().min(0).max(1),
  judges: z.array(JudgeOutcomeSchema),
  verdicts: z.array(RequirementVerdictSchema),
  /** The answer that was judged. */
  output: z.string(),
  runId: z.string(),
});
export type QueuedVerdict = z.infer<typeof QueuedVerdictSchema>;

export const HumanDecisionSchema = z.enum(['confirmed', 'overridden']);
export type HumanDecision = z.infer<typeof HumanDecisionSchema>;

export const QueueDecisionSchema = z.strictObject({
  id: z.string(),
  decision: HumanDecisionSchema,
  /** The person's verdict on the check (the judges' when confirmed, the opposite when overridden). */
  pass: z.boolean(),
  note: z.string().optional(),
  by: z.string().optional(),
  at: z.string(),
});
export type QueueDecision = z.infer<typeof QueueDecisionSchema>;

export const JudgeQueueLineSchema = z.discriminatedUnion('type', [
  QueuedVerdictSchema.extend({ v: z.literal(1), type: z.literal('queued'), at: z.string() }),
  QueueDecisionSchema.extend({ v: z.literal(1), type: z.literal('decided') }),
]);
export type JudgeQueueLine = z.infer<typeof JudgeQueueLineSchema>;

/** The story entity property holding the story's judge verdicts for a person (the Jira app's "Judge review"). */
export const JUDGE_QUEUE_PROPERTY_KEY = 'casewright-judge-queue';

/**
 * A queued verdict as a story keeps it on Jira: the verdict (answer and reasons size-capped,
 * masked), the case's issue, the execution whose history entry an override changes, and a
 * snapshot of the case's checks (types, verdicts, weights; no answers) so the case's outcome can
 * be computed again from them.
 */
export const JiraQueuedVerdictSchema = QueuedVerdictSchema.extend({
  at: z.string(),
  caseKey: z.string(),
  story: z.string(),
  execution: z.string(),
  /** The case's outcome in that execution, and its checks then. */
  outcome: z.enum(['passed', 'failed', 'errored', 'skipped']),
  checks: z.array(AssertionResultSchema),
  /** Whether the answer (or a reason) was cut to fit Jira's property limit. */
  truncated: z.boolean().optional(),
  decision: QueueDecisionSchema.extend({ byName: z.string().optional() }).optional(),
});
export type JiraQueuedVerdict = z.infer<typeof JiraQueuedVerdictSchema>;

export const StoryJudgeQueuePropertySchema = z.looseObject({
  schema: z.literal(1),
  /** Verdicts waiting for a person, and decided ones kept until they are replaced by newer ones. */
  pending: z.number().int().min(0),
  decided: z.number().int().min(0),
  /** Read one by one (`readJudgeQueueProperty`): an item that does not parse is left out, not the whole queue. */
  items: z.array(z.unknown()),
  /** Verdicts left out to stay within the caps (oldest first). */
  dropped: z.number().int().min(0).default(0),
});
