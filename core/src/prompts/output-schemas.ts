import { z } from 'zod';
import { DraftCaseListSchema, DraftConversationCaseSchema } from '../model/draft-case.js';
import { CriterionIdSchema } from '../model/common.js';

/** Output of `review-cases`: a score per case and the criteria no case covers. */
export const CaseReviewSchema = z.strictObject({
  reviews: z.array(
    z.strictObject({
      title: z.string().describe('Title of the reviewed case, as given.'),
      score: z.number().min(0).max(1).describe('0 = useless, 1 = a case a QA lead keeps as is.'),
      covers: z.array(CriterionIdSchema).describe('Criteria the case really checks.'),
      issues: z.array(z.string()).describe('What is wrong or missing, one short sentence each.'),
    }),
  ),
  uncovered: z.array(CriterionIdSchema).describe('Criteria that no case checks.'),
});
export type CaseReview = z.infer<typeof CaseReviewSchema>;

/** Output of `conversation-to-case`: one conversation case draft, the expected answer optional. */
export const ConversationCaseDraftSchema = z.strictObject({
  case: DraftConversationCaseSchema.omit({ covers: true }),
  expectedContent: z.string().nullable().describe('A reference answer when the logged answer is a good one, else null.'),
});
export type ConversationCaseDraft = z.infer<typeof ConversationCaseDraftSchema>;

/** Output of `judge`: a verdict per requirement. */
export const JudgeVerdictSchema = z.strictObject({
  results: z.array(
    z.strictObject({
      requirement: z.string().describe('The requirement, as given.'),
      pass: z.boolean(),
      reason: z.string().describe('One or two sentences that justify the verdict, quoting the output where useful.'),
    }),
  ),
});
export type JudgeVerdict = z.infer<typeof JudgeVerdictSchema>;

/**
 * Every output schema a template may name. Templates name a schema; they never
 * define one, so neither a story nor an override can change what a model must return.
 */
export const OUTPUT_SCHEMAS = {
  generated_cases: DraftCaseListSchema,
  case_review: CaseReviewSchema,
  conversation_case: ConversationCaseDraftSchema,
  judge_verdict: JudgeVerdictSchema,
} as const;
export type OutputSchemaName = keyof typeof OUTPUT_SCHEMAS;
