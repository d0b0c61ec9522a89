/**
 * The judge review's part of the resolver contract (kept apart from api.ts so the panel's other
 * features and this one change separately): payload schemas, merged into `PayloadSchemas`, and
 * the plain views the "Judge review" section renders.
 */
import { z } from 'zod';

export const JudgePayloadSchemas = {
  /** The story's judge verdicts (pending and decided) and the project's agreement per judge model. */
  getJudgeReview: z.strictObject({}),
  /** A person's Confirm / Override of one verdict of the story, with an optional note. */
  decideJudgeVerdict: z.strictObject({
    id: z.string().regex(/^[0-9a-f]{12}$/, { message: 'must be the 12-digit id of a queued verdict' }),
    decision: z.enum(['confirmed', 'overridden']),
    note: z.string().max(2000).optional(),
  }),
} as const;

export interface JudgeDecisionView {
  decision: 'confirmed' | 'overridden';
  /** The person's verdict on the check. */
  pass: boolean;
  note?: string | undefined;
  /** Atlassian account id. */
  by?: string | undefined;
  at: string;
}

/** A judge verdict as a person reviews it: what the judges were asked, what they said, the answer. */
export interface JudgeItemView {
  id: string;
  caseKey: string;
  title: string;
  check: string;
  metric?: string | undefined;
  why: Array<'near-threshold' | 'disagreement'>;
  /** The judges' verdict, score and the threshold it was held to. */
  pass: boolean;
  score: number;
  threshold: number;
  judges: Array<{ model: string; pass: boolean; score: number }>;
  verdicts: Array<{
    requirement: string;
    pass: boolean;
    reason: string;
    votes?: Array<{ judge: string; pass: boolean; reason: string }> | undefined;
  }>;
  output: string;
  truncated?: boolean | undefined;
  /** When and in which execution it was judged; the case's outcome there (after an override, the person's). */
  at: string;
  execution: string;
  outcome: string;
  decision?: JudgeDecisionView | undefined;
}

/** Cohen's kappa of one judge model against the people of the project (rows: judge, columns: person; pass, fail). */
export interface JudgeAgreementView {
  model: string;
  n: number;
  kappa: number | null;
  observed: number;
  expected: number;
  matrix: number[][];
}

export interface JudgeReviewView {
  items: JudgeItemView[];
  pending: number;
  decided: number;
  /** Verdicts left out of the story's property to stay within its caps. */
  dropped: number;
  /** Over the decisions made in this project's Judge review. */
  agreement: JudgeAgreementView[];
  decisions: number;
}

export interface JudgeDecidedView {
  item: JudgeItemView;
  /** With an override: the case's recorded outcome now, or why it did not change. */
  caseOutcome?: { applied: true; caseKey: string; outcome: string; before: string } | { applied: false; why: string } | undefined;
}
