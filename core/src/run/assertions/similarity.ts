// Similarity family: similarity (Levenshtein ratio, ROUGE-L), word-error-rate and character-error-rate.
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import type { SyncHandler, HandlerResult } from './types.js';
import { levenshteinRatio, rougeL } from './text-metrics.js';
import { alignTokens, cerTokens, errorRate, werTokens, type ErrorCounts, type NormalizeOption } from './error-rate.js';

const round = (n: number) => Math.round(n * 1000) / 1000;

function reference(type: string, value: string | undefined, fallbacks: Record<string, string | undefined>): string {
  const text = value ?? Object.values(fallbacks).find((f) => f !== undefined);
  if (text === undefined) {
    const names = Object.keys(fallbacks).map((k) => `expected.${k}`);
    throw new AssertionConfigError(`${type} needs a reference text: set 'value' or the case's ${names.join(' or ')}`);
  }
  return text;
}

/** Said after a comparison with `expected.content` when that is a logged production answer (imported cases). */
function against(value: string | undefined, baseline: boolean | undefined): string {
  return value === undefined && baseline
    ? ' against the logged answer (the imported baseline: what production said, not a vetted answer)'
    : '';
}

export const similarity: SyncHandler<'similarity'> = ({ params, output, expected, baseline }) => {
  const ref = reference('similarity', params.value, { content: expected });
  const metric = params.metric ?? 'levenshtein';
  const threshold = params.threshold ?? 0.8;
  const score = round(metric === 'rouge-l' ? rougeL(output, ref) : levenshteinRatio(output, ref));
  const pass = score >= threshold;
  return {
    pass,
    score,
    reason: `${metric} similarity ${score} ${pass ? '≥' : '<'} ${threshold}${against(params.value, baseline)}`,
    expected: ref,
    actual: output,
  };
};

function errorRateResult(
  unit: 'word' | 'character',
  counts: ErrorCounts,
  threshold: number,
  normalize: NormalizeOption | undefined,
  ref: string,
  output: string,
): HandlerResult {
  const rate = round(errorRate([counts]));
  const pass = rate <= threshold;
  const errors = counts.substitutions + counts.deletions + counts.insertions;
  const detail = `${errors} error${errors === 1 ? '' : 's'} over ${counts.referenceLength} reference ${unit}${counts.referenceLength === 1 ? '' : 's'}: ${counts.substitutions} substituted, ${counts.deletions} deleted, ${counts.insertions} inserted${normalize === false ? '; not normalised' : ''}`;
  return {
    pass,
    score: round(Math.max(0, 1 - rate)),
    reason: `${unit} error rate ${rate} ${pass ? '≤' : '>'} ${threshold} (${detail})`,
    expected: ref,
    actual: output,
  };
}

// What the assistant should say word for word (expected.transcript) is the better reference when the case has one.
export const wordErrorRate: SyncHandler<'word-error-rate'> = ({ params, output, expected, transcript }) => {
  const ref = reference('word-error-rate', params.value, { transcript, content: expected });
  const counts = alignTokens(werTokens(ref, params.normalize), werTokens(output, params.normalize));
  return errorRateResult('word', counts, params.threshold ?? 0.2, params.normalize, ref, output);
};

export const characterErrorRate: SyncHandler<'character-error-rate'> = ({ params, output, expected, transcript }) => {
  const ref = reference('character-error-rate', params.value, { transcript, content: expected });
  const counts = alignTokens(cerTokens(ref, params.normalize), cerTokens(output, params.normalize));
  return errorRateResult('character', counts, params.threshold ?? 0.1, params.normalize, ref, output);
};
