import { z } from 'zod';
import { CriterionIdSchema } from './common.js';
import { ManualCaseSchema, ManualStepSchema, MessageSchema } from './case.js';
import { TECHNIQUES, type Technique } from './techniques.js';
import type { Assertion } from './assertion.js';

export { TECHNIQUES, type Technique };
/** Test-design techniques a generator may apply. */
export const TechniqueSchema = z.enum(TECHNIQUES);

const shared = {
  title: ManualCaseSchema.shape.title,
  priority: z.enum(['high', 'medium', 'low']).describe('How much a failure of this case matters.'),
  technique: TechniqueSchema.describe('The test-design technique the case applies.'),
  covers: z.array(CriterionIdSchema).min(1).describe('Ids of the acceptance criteria this case checks, e.g. ["AC-2"].'),
};

/**
 * A step as a generator returns it: `data` is required but nullable, so the
 * schema qualifies for OpenAI's strict structured outputs (every property required).
 */
export const DraftStepSchema = z.strictObject({
  action: ManualStepSchema.shape.action,
  data: z.string().nullable().describe('Test data for the step, or null.'),
  expected: ManualStepSchema.shape.expected,
});
export type DraftStep = z.infer<typeof DraftStepSchema>;

/**
 * A manual case as a generator returns it: the case model's fields without
 * id, status, source, version or audit (the pipeline sets those).
 */
export const DraftManualCaseSchema = z.strictObject({
  kind: z.literal('manual'),
  ...shared,
  preconditions: z.array(z.string().min(1)).describe('What must be true before step 1.'),
  steps: z.array(DraftStepSchema).min(1).describe('Numbered steps: an action, test data (null when none), and the expected result.'),
});
export type DraftManualCase = z.infer<typeof DraftManualCaseSchema>;

/** A conversation case as a generator returns it. */
export const DraftConversationCaseSchema = z.strictObject({
  kind: z.literal('conversation'),
  ...shared,
  messages: z.array(MessageSchema).min(1).describe('The user turn(s) to send (no system turn: the pipeline adds it).'),
  requirements: z.array(z.string().min(1)).min(1).describe('Plain-language requirements the answer must meet.'),
});
export type DraftConversationCase = z.infer<typeof DraftConversationCaseSchema>;

export const DraftCaseSchema = z.discriminatedUnion('kind', [DraftManualCaseSchema, DraftConversationCaseSchema]);
export type DraftCase = z.infer<typeof DraftCaseSchema>;

/** What the model is asked to return (an object at the root, as structured-output modes require). */
export const DraftCaseListSchema = z.strictObject({
  cases: z.array(DraftCaseSchema).describe('The generated test cases.'),
});
export type DraftCaseList = z.infer<typeof DraftCaseListSchema>;

/**
 * A draft from the offline generator, with the rule that produced it, tags of its own
 * (an `Examples:` block's) and, for conversation cases, machine checks the criterion allows.
 */
export type OfflineDraft = DraftCase & { rule: string; tags?: string[] | undefined; assert?: Assertion[] | undefined };
