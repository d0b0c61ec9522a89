// Word and character error rates (WER, CER) as speech-to-text evaluation defines
// them, with the same results as jiwer (github.com/jitsi/jiwer, the reference
// implementation people compare against) when normalisation is off:
//   rate = (substitutions + deletions + insertions) / reference length,
// and for an empty reference the rate is the number of insertions (0 when the
// hypothesis is empty too), as jiwer's `process_words` defines it.
import { normalizeWords, type TextNormalization } from './text-metrics.js';

/**
 * How texts are normalised before they are compared: `true` (the default) runs
 * every step of {@link TextNormalization}; `false` only splits on white space
 * (WER) or trims the ends (CER), which is jiwer's default transform; an object
 * turns single steps off.
 */
export type NormalizeOption = boolean | TextNormalization;

/** The alignment of a hypothesis with its reference, counted as jiwer counts it. */
export interface ErrorCounts {
  hits: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  /** Tokens (words or characters) in the reference. */
  referenceLength: number;
  /** Tokens in the hypothesis. */
  hypothesisLength: number;
}

function steps(option: NormalizeOption | undefined): TextNormalization | false {
  if (option === false) return false;
  if (option === undefined || option === true) return {};
  return option;
}

/** The words compared for WER: normalised (default) or split on white space only. */
export function werTokens(text: string, normalize?: NormalizeOption): string[] {
  const chosen = steps(normalize);
  return chosen === false ? text.split(/\s+/).filter(Boolean) : normalizeWords(text, chosen);
}

/**
 * The characters compared for CER: the normalised words joined by single
 * spaces (default), or the text with its ends trimmed (`normalize: false`,
 * jiwer's default). Spaces between words count as characters, as in jiwer.
 */
export function cerTokens(text: string, normalize?: NormalizeOption): string[] {
  const chosen = steps(normalize);
  return [...(chosen === false ? text.trim() : normalizeWords(text, chosen).join(' '))];
}

/**
 * Aligns `hypothesis` with `reference` by minimum edit distance (Levenshtein,
 * every edit costs 1) and counts the operations of one optimal alignment.
 * The total of errors is the edit distance; how ties split it into
 * substitutions, deletions and insertions may differ from other tools.
 */
export function alignTokens(reference: readonly string[], hypothesis: readonly string[]): ErrorCounts {
  const n = reference.length;
  const m = hypothesis.length;
  // cost[i][j]: edits to turn the first j hypothesis tokens into the first i reference tokens.
  const cost: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let j = 0; j <= m; j++) cost[0]![j] = j;
  for (let i = 1; i <= n; i++) {
    const row = cost[i]!;
    const above = cost[i - 1]!;
    row[0] = i;
    for (let j = 1; j <= m; j++) {
      const same = reference[i - 1] === hypothesis[j - 1];
      row[j] = Math.min(above[j - 1]! + (same ? 0 : 1), above[j]! + 1, row[j - 1]! + 1);
    }
  }
  const counts = { hits: 0, substitutions: 0, deletions: 0, insertions: 0, referenceLength: n, hypothesisLength: m };
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const here = cost[i]![j]!;
    if (i > 0 && j > 0 && reference[i - 1] === hypothesis[j - 1] && here === cost[i - 1]![j - 1]!) {
      counts.hits++;
      i--;
      j--;
    } else if (i > 0 && j > 0 && here === cost[i - 1]![j - 1]! + 1) {
      counts.substitutions++;
      i--;
      j--;
    } else if (i > 0 && here === cost[i - 1]![j]! + 1) {
      counts.deletions++;
      i--;
    } else {
      counts.insertions++;
      j--;
    }
  }
  return counts;
}

/**
 * The error rate over one or more aligned pairs (a corpus): all errors over all
 * reference tokens. With no reference tokens at all, the rate is the number of
 * insertions (jiwer's rule), so it is 0 only when the hypothesis is empty too.
 */
export function errorRate(counts: readonly ErrorCounts[]): number {
  const errors = counts.reduce((sum, c) => sum + c.substitutions + c.deletions + c.insertions, 0);
  const length = counts.reduce((sum, c) => sum + c.referenceLength, 0);
  return length === 0 ? errors : errors / length;
}

/** Word error rate of `hypothesis` against `reference` (0 = identical; can exceed 1). */
export function wordErrorRate(hypothesis: string, reference: string, normalize?: NormalizeOption): number {
  return errorRate([alignTokens(werTokens(reference, normalize), werTokens(hypothesis, normalize))]);
}

/** Character error rate of `hypothesis` against `reference` (0 = identical; can exceed 1). */
export function characterErrorRate(hypothesis: string, reference: string, normalize?: NormalizeOption): number {
  return errorRate([alignTokens(cerTokens(reference, normalize), cerTokens(hypothesis, normalize))]);
}
