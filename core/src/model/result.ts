import { z } from 'zod';
import { OutcomeSchema } from './case.js';

export const TokenUsageSchema = z.strictObject({
  input: z.number().int().min(0),
  output: z.number().int().min(0),
  cachedInput: z.number().int().min(0).optional(),
  total: z.number().int().min(0),
});
export type TokenUsage = z.infer<typeof TokenUsageSchema>;

/** A requirement-level verdict from an LLM judge. */
export const RequirementVerdictSchema = z.strictObject({
  requirement: z.string(),
  pass: z.boolean(),
  reason: z.string(),
  votes: z.array(z.strictObject({ judge: z.string(), pass: z.boolean(), reason: z.string() })).optional(),
});
export type RequirementVerdict = z.infer<typeof RequirementVerdictSchema>;

/** One judge model's verdict on a model-graded check. */
export const JudgeOutcomeSchema = z.strictObject({ model: z.string(), pass: z.boolean(), score: z.number().min(0).max(1) });
export type JudgeOutcome = z.infer<typeof JudgeOutcomeSchema>;

export interface AssertionResult {
  type: string;
  metric?: string | undefined;
  pass: boolean;
  score: number;
  reason: string;
  weight: number;
  turn?: number | undefined;
  /** What the assertion compared against, for diff views. */
  expected?: string | undefined;
  actual?: string | undefined;
  verdicts?: RequirementVerdict[] | undefined;
  /** Model-graded checks: each judge's own verdict on the check (its share of requirements met). */
  judges?: JudgeOutcome[] | undefined;
  /** Model-graded checks: the share of requirements that had to be met. */
  threshold?: number | undefined;
  children?: AssertionResult[] | undefined;
  /** Cost/tokens spent by model-graded assertions. */
  cost?: number | undefined;
  tokenUsage?: TokenUsage | undefined;
  /** True when the check could not run (e.g. no judge model configured); it does not count towards the score. */
  skipped?: boolean | undefined;
}
export const AssertionResultSchema: z.ZodType<AssertionResult> = z.lazy(() =>
  z.strictObject({
    type: z.string(),
    metric: z.string().optional(),
    pass: z.boolean(),
    score: z.number().min(0).max(1),
    reason: z.string(),
    weight: z.number().min(0),
    turn: z.number().int().optional(),
    expected: z.string().optional(),
    actual: z.string().optional(),
    verdicts: z.array(RequirementVerdictSchema).optional(),
    judges: z.array(JudgeOutcomeSchema).optional(),
    threshold: z.number().min(0).max(1).optional(),
    children: z.array(AssertionResultSchema).optional(),
    cost: z.number().min(0).optional(),
    tokenUsage: TokenUsageSchema.optional(),
    skipped: z.boolean().optional(),
  }),
);

export const StepStatusSchema = z.enum(['PASS', 'FAIL', 'BLOCKED']);
export type StepStatus = z.infer<typeof StepStatusSchema>;

export const StepResultSchema = z.strictObject({
  index: z.number().int().min(1),
  status: StepStatusSchema,
  actual: z.string().optional().describe('What actually happened / notes.'),
});
export type StepResult = z.infer<typeof StepResultSchema>;

export const RunErrorSchema = z.strictObject({
  code: z.string(),
  message: z.string(),
});
export type RunError = z.infer<typeof RunErrorSchema>;

/** What sox measured in a spoken answer (voice turns). */
export const AudioStatsSchema = z.strictObject({
  durationMs: z.number().min(0),
  /** Silence before the first sound. */
  leadingSilenceMs: z.number().min(0),
  /** Share of the audio that is silence (0..1). */
  silenceRatio: z.number().min(0).max(1),
  /** Share of the samples that are clipped (0..1). */
  clippedRatio: z.number().min(0).max(1),
  /** Peak and RMS level in dBFS (-120 for digital silence). */
  peakDb: z.number(),
  rmsDb: z.number(),
  sampleRate: z.number().int().min(1),
});
export type AudioStats = z.infer<typeof AudioStatsSchema>;

/** One voice turn: what was spoken to the app, what it answered, and how long each step took. */
export const VoiceTurnSchema = z.strictObject({
  /** The audio condition this attempt ran under (`clean`, `phone`, …). */
  condition: z.string().optional(),
  /** The audio the app received (after the condition), as a file path. */
  inputAudio: z.string(),
  /** `espeak-ng`, a `provider:model`, or `recording` for `input.audio`. */
  speech: z.string(),
  /** The app's spoken answer, as a file path. */
  outputAudio: z.string(),
  /** Who transcribed the answer: `pocketsphinx` or a `provider:model`. */
  transcription: z.string(),
  /** Text the app sent along with its audio (JSON answers with a text field), if any. */
  appText: z.string().optional(),
  /** Milliseconds from sending the audio to the first byte of the answer's audio, and to its end. */
  firstAudioMs: z.number().min(0),
  totalMs: z.number().min(0),
  audio: AudioStatsSchema,
  /** Milliseconds spent in each step (speech, condition, app, transcription, analysis). */
  timings: z.record(z.string(), z.number().min(0)),
  warnings: z.array(z.string()).optional(),
});
export type VoiceTurn = z.infer<typeof VoiceTurnSchema>;

export const TurnOutputSchema = z.strictObject({
  turn: z.number().int().min(1),
  /** The answer; on voice turns, the transcript of the spoken answer. */
  output: z.string(),
  latencyMs: z.number().min(0).optional(),
  voice: VoiceTurnSchema.optional(),
});
export type TurnOutput = z.infer<typeof TurnOutputSchema>;

/** The result of one attempt at a case (one of `--repeat k`). */
export const AttemptResultSchema = z.strictObject({
  /** The audio condition of this attempt (voice cases run once per condition). */
  condition: z.string().optional(),
  outcome: OutcomeSchema,
  score: z.number().min(0).max(1),
  output: z.string().optional(),
  turns: z.array(TurnOutputSchema).optional(),
  assertions: z.array(AssertionResultSchema),
  error: RunErrorSchema.optional(),
  latencyMs: z.number().min(0).optional(),
  tokenUsage: TokenUsageSchema.optional(),
  cost: z.number().min(0).optional(),
  cached: z.boolean().optional(),
});
export type AttemptResult = z.infer<typeof AttemptResultSchema>;

export const CaseResultSchema = z.strictObject({
  caseId: z.string(),
  title: z.string(),
  kind: z.enum(['conversation', 'manual']),
  file: z.string().optional(),
  suite: z.string().optional(),
  target: z.string().optional(),
  outcome: OutcomeSchema,
  skipReason: z.string().optional(),
  score: z.number().min(0).max(1),
  output: z.string().optional(),
  /** The reference answer (`expected.content`), for diff views. */
  expected: z.string().optional(),
  /** The conversation sent (vars filled in), for reports. */
  input: z.array(z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string() })).optional(),
  turns: z.array(TurnOutputSchema).optional(),
  assertions: z.array(AssertionResultSchema),
  error: RunErrorSchema.optional(),
  attempts: z.array(AttemptResultSchema).optional(),
  successRate: z.number().min(0).max(1).optional(),
  flaky: z.boolean().optional(),
  /** Voice cases run under several audio conditions: the outcome of each. */
  conditions: z
    .array(
      z.strictObject({
        condition: z.string(),
        outcome: OutcomeSchema,
        score: z.number().min(0).max(1),
        successRate: z.number().min(0).max(1).optional(),
      }),
    )
    .optional(),
  steps: z.array(StepResultSchema).optional(),
  latencyMs: z.number().min(0).optional(),
  durationMs: z.number().min(0),
  tokenUsage: TokenUsageSchema.optional(),
  cost: z.number().min(0).optional(),
  cached: z.boolean().optional(),
  startedAt: z.string(),
});
export type CaseResult = z.infer<typeof CaseResultSchema>;

/** How many of `cases` had each outcome, and how many were flaky. */
export function countOutcomes(cases: readonly { outcome: z.infer<typeof OutcomeSchema>; flaky?: boolean | undefined }[]): {
  total: number;
  passed: number;
  failed: number;
  errored: number;
  skipped: number;
  flaky: number;
} {
  const count = (o: z.infer<typeof OutcomeSchema>) => cases.filter((c) => c.outcome === o).length;
  return {
    total: cases.length,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('errored'),
    skipped: count('skipped'),
    flaky: cases.filter((c) => c.flaky).length,
  };
}

export const RunSummarySchema = z.strictObject({
  total: z.number().int().min(0),
  passed: z.number().int().min(0),
  failed: z.number().int().min(0),
  errored: z.number().int().min(0),
  skipped: z.number().int().min(0),
  flaky: z.number().int().min(0),
  durationMs: z.number().min(0),
  cost: z.number().min(0),
  tokenUsage: TokenUsageSchema,
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** How this run compares with an earlier result file (`--baseline`). */
export const BaselineComparisonSchema = z.strictObject({
  file: z.string(),
  /** Passed in the baseline, failed or errored now. */
  regressions: z.array(z.string()),
  /** Failed or errored in the baseline, passed now. */
  fixes: z.array(z.string()),
  /** Not in the baseline. */
  new: z.array(z.string()),
  /** In the baseline, not run now. */
  missing: z.array(z.string()),
});
export type BaselineComparison = z.infer<typeof BaselineComparisonSchema>;

export const RunResultSchema = z.strictObject({
  schemaVersion: z.literal(1),
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  target: z.string().optional(),
  interrupted: z.boolean().optional(),
  /** `--shard i/n` this run covered. */
  shard: z.strictObject({ index: z.number().int().min(1), count: z.number().int().min(1) }).optional(),
  repeat: z.number().int().min(1).optional(),
  /** Said before the run started, e.g. cases whose requirements no judge can check. */
  warnings: z.array(z.string()).optional(),
  summary: RunSummarySchema,
  baseline: BaselineComparisonSchema.optional(),
  cases: z.array(CaseResultSchema),
});
export type RunResult = z.infer<typeof RunResultSchema>;
