/**
 * Agreement between two raters — an LLM judge and a person — over the same items: the
 * confusion matrix and Cohen's kappa (J. Cohen, "A coefficient of agreement for nominal
 * scales", Educational and Psychological Measurement 20(1), 1960). Kappa is the agreement
 * beyond what chance alone gives: κ = (pₒ − pₑ) / (1 − pₑ), where pₒ is the observed share
 * of items the raters agree on and pₑ the agreement expected from each rater's own label rates.
 */

export interface Agreement<L extends string = string> {
  /** The labels, in the order of the matrix rows and columns. */
  labels: L[];
  /** `matrix[i][j]`: items the first rater (the judge) labelled `labels[i]` and the second (the person) `labels[j]`. */
  matrix: number[][];
  /** How many items were rated by both. */
  n: number;
  /** pₒ: the share of items both gave the same label. */
  observed: number;
  /** pₑ: the agreement expected by chance from each rater's label rates. */
  expected: number;
  /**
   * Cohen's kappa in [-1, 1]; null when it is undefined: no items, or both raters gave one
   * and the same label to everything (pₑ = 1).
   */
  kappa: number | null;
}

/**
 * Cohen's kappa with the confusion matrix for pairs `[first rater's label, second rater's label]`.
 * `labels` fixes the order (and adds labels nobody used); by default the labels in order of first
 * appearance.
 */
export function cohensKappa<L extends string>(pairs: ReadonlyArray<readonly [L, L]>, labels?: readonly L[]): Agreement<L> {
  const order: L[] = [...(labels ?? [])];
  for (const [a, b] of pairs) for (const l of [a, b]) if (!order.includes(l)) order.push(l);
  const at = new Map(order.map((l, i) => [l, i]));
  const matrix = order.map(() => order.map(() => 0));
  for (const [a, b] of pairs) matrix[at.get(a)!]![at.get(b)!]!++;
  const n = pairs.length;
  if (n === 0) return { labels: order, matrix, n, observed: 0, expected: 0, kappa: null };
  const observed = order.reduce((sum, _, i) => sum + matrix[i]![i]!, 0) / n;
  const rowShare = matrix.map((row) => row.reduce((s, x) => s + x, 0) / n);
  const colShare = order.map((_, j) => matrix.reduce((s, row) => s + row[j]!, 0) / n);
  const expected = rowShare.reduce((sum, r, i) => sum + r * colShare[i]!, 0);
  const kappa = expected === 1 ? null : (observed - expected) / (1 - expected);
  return { labels: order, matrix, n, observed, expected, kappa };
}
