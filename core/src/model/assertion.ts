import { z } from 'zod';
import { ModelRefSchema } from './common.js';

/**
 * Every assertion type the runner knows. A handler is registered per type in
 * `run/assertions` as a `Record<BaseAssertionType, Handler>`, so adding a type
 * here without a handler is a compile error.
 */
export const BASE_ASSERTION_TYPES = [
  'equals',
  'contains',
  'icontains',
  'contains-any',
  'contains-all',
  'regex',
  'starts-with',
  'is-json',
  'json-schema',
  'length',
  'latency',
  'cost',
  'similarity',
  'word-error-rate',
  'character-error-rate',
  'javascript',
  'llm-judge',
  'judge-ensemble',
  'audio-duration',
  'leading-silence',
  'silence-ratio',
  'clipping',
] as const;
export const BaseAssertionTypeSchema = z.enum(BASE_ASSERTION_TYPES);
export type BaseAssertionType = z.infer<typeof BaseAssertionTypeSchema>;

/** Short help per type (hover text in the editor, `docs/running.md`). */
export const ASSERTION_HELP: Record<BaseAssertionType, string> = {
  equals: 'The output equals `value` exactly (after trimming surrounding white space).',
  contains: 'The output contains `value` (case-sensitive).',
  icontains: 'The output contains `value`, ignoring case.',
  'contains-any': 'The output contains at least one of the strings in `value`.',
  'contains-all': 'The output contains every string in `value`.',
  regex: 'The output matches the regular expression `value` (JavaScript syntax; `flags` optional).',
  'starts-with': 'The output starts with `value`.',
  'is-json': 'The output is valid JSON (optionally matching the JSON Schema in `value`).',
  'json-schema': 'The output is JSON that matches the JSON Schema in `value`.',
  length: 'The output length in characters (or `unit: words`) is within `min`..`max`.',
  latency: 'The target answered within `max` milliseconds; on voice turns `firstAudio` limits the time to the first byte of audio.',
  cost: 'The call cost at most `max` US dollars.',
  similarity:
    'The output is similar to `value` (default: the expected content): `metric` levenshtein or rouge-l, score ≥ `threshold` (default 0.8).',
  'word-error-rate':
    'Word error rate of the output against `value` (default: expected.transcript, else expected.content) is ≤ `threshold` (default 0.2); text is normalised first unless `normalize: false`.',
  'character-error-rate':
    'Character error rate of the output against `value` (default: expected.transcript, else expected.content) is ≤ `threshold` (default 0.1); text is normalised first unless `normalize: false`.',
  javascript:
    'A JavaScript expression over `output`, `expected`, `vars`, `turn` returns true or a score in 0..1; runs sandboxed with a timeout.',
  'llm-judge': "A judge model checks the output against the case's `requirements` and returns a verdict per requirement.",
  'judge-ensemble': 'Several judge models vote on the requirements (`vote: majority` or `unanimous`); disagreements are reported.',
  'audio-duration': 'The spoken answer lasts between `min` and `max` seconds (voice turns).',
  'leading-silence': 'The spoken answer starts within `max` milliseconds of silence (voice turns).',
  'silence-ratio': 'At most `max` (0..1) of the spoken answer is silence (voice turns).',
  clipping: 'At most `max` (0..1, default 0.001) of the samples of the spoken answer are clipped (voice turns).',
};

const common = {
  weight: z.number().min(0).optional().describe('Weight of this assertion in the case score (default 1).'),
  turn: z.number().int().optional().describe('Which assistant turn to check: 1 = first answer, -1 = last (default).'),
  metric: z.string().min(1).max(80).optional().describe('A name for this check in reports.'),
};

const stringValue = z.string().describe('The text to compare the output with.');

/** `normalize` of the error-rate assertions: every step (default), none (`false`), or single steps off. */
const NormalizeSchema = z
  .union([
    z.boolean(),
    z.strictObject({
      lowercase: z.boolean().optional().describe('Lower-case both texts (default true).'),
      numbers: z.boolean().optional().describe('Write numbers as words: 42 → forty two (default true).'),
      punctuation: z.boolean().optional().describe('Remove punctuation; -, _ and / split words (default true).'),
    }),
  ])
  .optional()
  .describe(
    'Normalise both texts before comparing (default true: lower case, numbers as words, punctuation removed); false compares them as written.',
  );

/** Parameters per base type. Keys are the base type; `not-<type>` uses the same parameters. */
const PARAMS = {
  equals: { value: stringValue },
  contains: { value: stringValue },
  icontains: { value: stringValue },
  'contains-any': { value: z.array(z.string()).min(1, { message: 'needs at least one string' }) },
  'contains-all': { value: z.array(z.string()).min(1, { message: 'needs at least one string' }) },
  regex: {
    value: z.string().min(1).describe('A JavaScript regular expression, without slashes.'),
    flags: z
      .string()
      .regex(/^[dgimsuvy]*$/, { message: 'must be regular-expression flags such as i or m' })
      .optional(),
  },
  'starts-with': { value: stringValue },
  'is-json': { value: z.record(z.string(), z.unknown()).optional().describe('Optional JSON Schema the JSON must match.') },
  'json-schema': { value: z.record(z.string(), z.unknown()).describe('The JSON Schema the output must match.') },
  length: {
    min: z.number().int().min(0).optional(),
    max: z.number().int().min(0).optional(),
    unit: z.enum(['chars', 'words']).optional(),
  },
  latency: {
    max: z.number().positive().optional().describe('Milliseconds until the whole answer was there.'),
    firstAudio: z.number().positive().optional().describe('Milliseconds until the first byte of audio (voice turns).'),
  },
  cost: { max: z.number().min(0).describe('US dollars.') },
  similarity: {
    value: z.string().optional().describe('Reference text; default: expected.content.'),
    metric: z.enum(['levenshtein', 'rouge-l']).optional(),
    threshold: z.number().min(0).max(1).optional(),
  },
  'word-error-rate': {
    value: z.string().optional().describe('Reference transcript; default: expected.transcript, else expected.content.'),
    threshold: z.number().min(0).optional().describe('The highest word error rate that passes (default 0.2).'),
    normalize: NormalizeSchema,
  },
  'character-error-rate': {
    value: z.string().optional().describe('Reference transcript; default: expected.transcript, else expected.content.'),
    threshold: z.number().min(0).optional().describe('The highest character error rate that passes (default 0.1).'),
    normalize: NormalizeSchema,
  },
  javascript: {
    value: z.string().min(1).describe('A JavaScript expression; `output`, `expected`, `vars` and `turn` are in scope.'),
    timeoutMs: z.number().int().positive().max(60_000).optional(),
  },
  'llm-judge': {
    judge: ModelRefSchema.optional(),
    requirements: z.array(z.string().min(1)).optional().describe("Overrides the case's requirements for this check."),
    threshold: z.number().min(0).max(1).optional(),
  },
  'judge-ensemble': {
    judges: z.array(ModelRefSchema).min(2, { message: 'an ensemble needs at least two judges' }),
    vote: z.enum(['majority', 'unanimous']).optional(),
    requirements: z.array(z.string().min(1)).optional(),
    threshold: z.number().min(0).max(1).optional(),
  },
  'audio-duration': {
    min: z.number().min(0).optional().describe('Seconds.'),
    max: z.number().positive().optional().describe('Seconds.'),
  },
  'leading-silence': { max: z.number().min(0).describe('Milliseconds of silence before the answer starts.') },
  'silence-ratio': { max: z.number().min(0).max(1).describe('Share of the answer that is silence.') },
  clipping: { max: z.number().min(0).max(1).optional().describe('Share of clipped samples (default 0.001).') },
} satisfies Record<BaseAssertionType, z.ZodRawShape>;

/** The parameters of one base assertion type (its `not-` form takes the same). */
export type AssertionParams<T extends BaseAssertionType> = z.infer<z.ZodObject<(typeof PARAMS)[T]>>;

function assertionVariant<T extends BaseAssertionType>(type: T) {
  return z.strictObject({
    type: z.enum([type, `not-${type}`] as [T, `not-${T}`]),
    ...common,
    ...PARAMS[type],
  });
}

const variants = BASE_ASSERTION_TYPES.map((t) => assertionVariant(t));

/** All assertion type names, including the `not-` forms. */
export const ASSERTION_TYPES: readonly string[] = BASE_ASSERTION_TYPES.flatMap((t) => [t, `not-${t}`]);

export type SingleAssertion = z.infer<(typeof variants)[number]>;

/** A group of assertions scored together: passes when its weighted score ≥ threshold (default: all must pass). */
export interface AssertSet {
  type: 'assert-set';
  assert: Assertion[];
  threshold?: number | undefined;
  weight?: number | undefined;
  metric?: string | undefined;
}
export type Assertion = SingleAssertion | AssertSet;

export const AssertSetSchema: z.ZodType<AssertSet> = z.lazy(() =>
  z.strictObject({
    type: z.literal('assert-set'),
    assert: z.array(AssertionSchema).min(1, { message: 'an assert-set needs at least one assertion' }),
    threshold: z.number().min(0).max(1).optional(),
    weight: common.weight,
    metric: common.metric,
  }),
);

export const AssertionSchema: z.ZodType<Assertion> = z.lazy(() =>
  z.discriminatedUnion('type', [...variants, AssertSetSchema as never] as unknown as [
    (typeof variants)[number],
    ...(typeof variants)[number][],
  ]),
) as z.ZodType<Assertion>;

/** Splits `not-contains` into `{ base: 'contains', negated: true }`. */
export function parseAssertionType(type: string): { base: BaseAssertionType; negated: boolean } | undefined {
  const negated = type.startsWith('not-');
  const base = negated ? type.slice(4) : type;
  const parsed = BaseAssertionTypeSchema.safeParse(base);
  return parsed.success ? { base: parsed.data, negated } : undefined;
}
