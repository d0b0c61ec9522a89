import { z } from 'zod';
import { CaseIdSchema, TimestampSchema } from './common.js';

/** What a reviewer did with a generated (draft) case. The Jira panel uses the same words. */
export const DecisionKindSchema = z.enum(['accepted', 'edited', 'rejected']);
export type DecisionKind = z.infer<typeof DecisionKindSchema>;

/**
 * Why a case was rejected: a short fixed list (so rejections can be counted per rule and
 * pattern) plus free text in `note`.
 */
export const REJECT_REASONS = ['duplicate', 'wrong-expectation', 'not-in-story', 'unclear', 'not-valuable', 'other'] as const;
export const RejectReasonSchema = z.enum(REJECT_REASONS);
export type RejectReason = z.infer<typeof RejectReasonSchema>;

/** What each reason means, as a reviewer picks it. */
export const REJECT_REASON_LABELS: Record<RejectReason, string> = {
  duplicate: 'duplicate of another case',
  'wrong-expectation': 'wrong expected result',
  'not-in-story': 'tests something the story does not ask for',
  unclear: 'unclear or badly written',
  'not-valuable': 'not worth running',
  other: 'other',
};

/**
 * The case as it was decided on: enough to learn from without the case file (which may
 * have changed or been deleted since). For `edited`, the case after the edit.
 */
export const DecidedCaseSchema = z.object({
  title: z.string(),
  kind: z.enum(['conversation', 'manual']),
  covers: z.array(z.string()).default([]),
  /** The generator and rule (offline) or prompt (model) that produced it; absent for hand-written cases. */
  generator: z.enum(['llm', 'offline']).optional(),
  rule: z.string().optional(),
  promptId: z.string().optional(),
  /** Plain text of the case as a reviewer reads it (steps, messages, requirements): what examples are made of. */
  text: z.string().default(''),
});
export type DecidedCase = z.infer<typeof DecidedCaseSchema>;

/** One line of `.casewright/decisions.jsonl`. Version 1; readers skip lines of other versions. */
export const DecisionSchema = z.object({
  v: z.literal(1),
  at: TimestampSchema,
  decision: DecisionKindSchema,
  caseId: CaseIdSchema,
  /** The case file, relative to the workspace folder. */
  file: z.string().min(1),
  /** The story the case was generated from (Jira key or story file), when known. */
  story: z.string().optional(),
  case: DecidedCaseSchema,
  /** `edited`: a unified diff of the case's YAML, before → after. */
  diff: z.string().optional(),
  /** `rejected`: why, from the fixed list. */
  reason: RejectReasonSchema.optional(),
  /** Free text from the reviewer. */
  note: z.string().max(2000).optional(),
  /** Who decided (the OS user, a Jira account id); optional. */
  by: z.string().optional(),
});
export type Decision = z.infer<typeof DecisionSchema>;
