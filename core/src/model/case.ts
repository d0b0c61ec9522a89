import { z } from 'zod';
import { AssertionSchema } from './assertion.js';
import {
  CaseIdSchema,
  CriterionIdSchema,
  JiraKeySchema,
  ModelRefSchema,
  PrioritySchema,
  StatusSchema,
  TagSchema,
  TimestampSchema,
} from './common.js';
import { VoiceSettingsSchema } from './voice.js';

export const RoleSchema = z.enum(['system', 'user', 'assistant']);
export type Role = z.infer<typeof RoleSchema>;

export const MessageSchema = z.strictObject({
  role: RoleSchema,
  content: z.string().describe('The message text. Use {{var}} to insert a context variable.'),
});
export type Message = z.infer<typeof MessageSchema>;

/** Where a case came from. */
export const SourceSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('manual').describe('Written by a person.'),
      author: z.string().optional(),
    }),
    z.strictObject({
      kind: z.literal('jira').describe('Written for a Jira story.'),
      story: JiraKeySchema,
      criteria: z.array(CriterionIdSchema).optional(),
    }),
    z.strictObject({
      kind: z.literal('generated'),
      generator: z.enum(['llm', 'offline']).describe('llm: through a provider model; offline: the rule-based generator.'),
      story: z.string().optional().describe('Jira key or story file the case was generated from.'),
      provider: z.string().optional(),
      model: z.string().optional(),
      promptId: z.string().optional(),
      promptVersion: z.string().optional(),
      rule: z.string().optional().describe('Offline generator rule that produced the case.'),
    }),
    z.strictObject({
      kind: z.enum(['bigquery', 'jsonl', 'duckdb']).describe('Imported from a logged conversation.'),
      conversationId: z.string().min(1),
      model: z.string().optional(),
      timestamp: TimestampSchema.optional(),
      turn: z.number().int().min(1).optional().describe('Assistant turn the case was split at.'),
    }),
    z.strictObject({
      kind: z.literal('promptfoo').describe('Imported from a promptfoo config (`casewright import --from promptfoo:<file>`).'),
      file: z.string().min(1).describe('The promptfoo config the case came from.'),
      test: z.number().int().min(1).describe('Which entry of its `tests` (1 = the first).'),
      prompt: z.string().optional().describe('The promptfoo prompt the test ran with, when the config has several.'),
    }),
  ])
  .describe('Where the case came from.');
export type Source = z.infer<typeof SourceSchema>;

export const AuditSchema = z.strictObject({
  createdBy: z.string().optional(),
  createdAt: TimestampSchema.optional(),
  updatedBy: z.string().optional(),
  updatedAt: TimestampSchema.optional(),
});
export type Audit = z.infer<typeof AuditSchema>;

export const JiraLinkSchema = z
  .strictObject({
    key: JiraKeySchema,
    version: z.number().int().min(0).describe('The case version last synced with Jira.'),
    syncedAt: TimestampSchema,
  })
  .describe('Set by `casewright jira push/pull`; do not edit by hand.');
export type JiraLink = z.infer<typeof JiraLinkSchema>;

export const OutcomeSchema = z.enum(['passed', 'failed', 'errored', 'skipped']);
export type Outcome = z.infer<typeof OutcomeSchema>;

export const CaseStatsSchema = z
  .strictObject({
    runCount: z.number().int().min(0),
    successRate: z.number().min(0).max(1),
    lastOutcome: OutcomeSchema.optional(),
    lastRunAt: TimestampSchema.optional(),
  })
  .describe('Run history, written by `casewright run --update-stats`.');
export type CaseStats = z.infer<typeof CaseStatsSchema>;

const caseCommon = {
  id: CaseIdSchema,
  title: z
    .string()
    .trim()
    .min(1, { message: 'must not be empty' })
    .max(200, { message: 'must be at most 200 characters' })
    .describe('What the case checks, in one line (at most 200 characters).'),
  description: z.string().max(1000, { message: 'must be at most 1000 characters' }).optional(),
  priority: PrioritySchema.default('medium'),
  tags: z.array(TagSchema).default([]),
  category: z.string().min(1).max(60).default('functional').describe('e.g. functional, negative, boundary, edge, security, accessibility.'),
  status: StatusSchema.default('draft'),
  covers: z.array(CriterionIdSchema).default([]).describe('Acceptance criteria of the story this case covers.'),
  source: SourceSchema.default({ kind: 'manual' }),
  version: z.number().int().min(1).default(1).describe('Incremented on every change; Jira sync compares it.'),
  audit: AuditSchema.optional(),
  jira: JiraLinkSchema.optional(),
  stats: CaseStatsSchema.optional(),
};

export const ExpectedSchema = z.strictObject({
  content: z.string().optional().describe('A reference answer.'),
  transcript: z
    .string()
    .optional()
    .describe('What the assistant should say, word for word: the reference of word-error-rate and character-error-rate (voice).'),
  baseline: z.boolean().optional().describe('True when `content` is the answer logged in production (imported), not a vetted ideal.'),
  requirements: z
    .array(z.string().min(1))
    .default([])
    .describe('Plain-language requirements the answer must meet; an llm-judge checks them.'),
  assert: z.array(AssertionSchema).default([]).describe('Machine-checked assertions.'),
  threshold: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('The case passes when its weighted assertion score reaches this (default: every assertion passes).'),
});
export type Expected = z.infer<typeof ExpectedSchema>;

export const ConversationInputSchema = z.strictObject({
  messages: z
    .array(MessageSchema)
    .min(1, { message: 'needs at least one message' })
    .describe('The conversation so far. Assistant turns in between are replayed as history or re-generated when `replay: true`.'),
  vars: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  audio: z
    .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
    .optional()
    .describe(
      'Recorded audio (WAV, or anything sox reads) spoken instead of synthesised speech, relative to the case file: one file, or one per user turn. The user messages stay what the recordings say.',
    ),
});
export type ConversationInput = z.infer<typeof ConversationInputSchema>;

/**
 * Where each user turn ends: the index of its last message. Consecutive user
 * messages form one turn; the target answers once per turn.
 */
export function userTurnEnds(messages: ReadonlyArray<{ role: string }>): number[] {
  const ends: number[] = [];
  messages.forEach((m, i) => {
    if (m.role === 'user' && messages[i + 1]?.role !== 'user') ends.push(i);
  });
  return ends;
}

/** `input.audio` as a list: one recording per user turn. */
export function inputAudioFiles(input: ConversationInput): string[] {
  return input.audio === undefined ? [] : typeof input.audio === 'string' ? [input.audio] : input.audio;
}

export const ConversationCaseSchema = z.strictObject({
  ...caseCommon,
  kind: z.literal('conversation'),
  input: ConversationInputSchema,
  expected: ExpectedSchema.default({ requirements: [], assert: [] }),
  target: z.string().min(1).optional().describe('Target name; overrides the suite default.'),
  judge: ModelRefSchema.optional().describe('Judge model for this case; overrides the suite default.'),
  voice: VoiceSettingsSchema.optional().describe('Voice settings for this case; each field overrides defaults.voice.'),
});
export type ConversationCase = z.infer<typeof ConversationCaseSchema>;

export const ManualStepSchema = z.strictObject({
  action: z.string().min(1, { message: 'must say what to do' }),
  data: z.string().optional().describe('Test data for the step.'),
  expected: z.string().min(1, { message: 'must say what should happen' }),
});
export type ManualStep = z.infer<typeof ManualStepSchema>;

export const ManualCaseSchema = z.strictObject({
  ...caseCommon,
  kind: z.literal('manual'),
  preconditions: z.array(z.string().min(1)).default([]),
  steps: z.array(ManualStepSchema).min(1, { message: 'a manual case needs at least one step' }),
});
export type ManualCase = z.infer<typeof ManualCaseSchema>;

export const TestCaseSchema = z.discriminatedUnion('kind', [ConversationCaseSchema, ManualCaseSchema]);
export type TestCase = z.infer<typeof TestCaseSchema>;
/** A case as written in a file, before defaults are applied. */
export type TestCaseInput = z.input<typeof TestCaseSchema>;

export const CASE_KINDS = ['conversation', 'manual'] as const;
