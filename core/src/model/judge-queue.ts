import { z } from 'zod';
import { JudgeOutcomeSchema, RequirementVerdictSchema } from './result.js';

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
