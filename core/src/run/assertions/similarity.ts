// Similarity family: similarity (Levenshtein ratio, ROUGE-L) and word-error-rate.
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import type { SyncHandler } from './types.js';
import { levenshteinRatio, rougeL, wordErrorRate as wer } from './text-metrics.js';

const round = (n: number) => Math.round(n * 1000) / 1000;

function reference(type: string, value: string | undefined, fallbacks: Record<string, string | undefined>): string {
  const text = value ?? Object.values(fallbacks).find((f) => f !== undefined);
  if (text === undefined) {
    const names = Object.keys(fallbacks).map((k) => `expected.${k}`);
    throw new AssertionConfigError(`${type} needs a reference text: set 'value' or the case's ${names.join(' or ')}`);
  }
  return text;
}

export const similarity: SyncHandler<'similarity'> = ({ params, output, expected }) => {
  const ref = reference('similarity', params.value, { content: expected });
  const metric = params.metric ?? 'levenshtein';
  const threshold = params.threshold ?? 0.8;
  const score = round(metric === 'rouge-l' ? rougeL(output, ref) : levenshteinRatio(output, ref));
  const pass = score >= threshold;
  return { pass, score, reason: `${metric} similarity ${score} ${pass ? '≥' : '<'} ${threshold}`, expected: ref, actual: output };
};

export const wordErrorRate: SyncHandler<'word-error-rate'> = ({ params, output, expected, transcript }) => {
  // What the assistant should say word for word is the better reference when the case has one.
  const ref = reference('word-error-rate', params.value, { transcript, content: expected });
  const threshold = params.threshold ?? 0.2;
  const rate = round(wer(output, ref));
  const pass = rate <= threshold;
  return {
    pass,
    score: round(Math.max(0, 1 - rate)),
    reason: `word error rate ${rate} ${pass ? '≤' : '>'} ${threshold}`,
    expected: ref,
    actual: output,
  };
};
