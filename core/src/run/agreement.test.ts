import { describe, expect, it } from 'vitest';
import { cohensKappa } from './agreement.js';

/** `count` pairs of the same labels. */
const times = <L extends string>(count: number, pair: readonly [L, L]) => Array.from({ length: count }, () => pair);

describe('cohensKappa', () => {
  // The worked examples of Wikipedia's "Cohen's kappa" article
  // (https://en.wikipedia.org/wiki/Cohen%27s_kappa, sections "Simple example" and "Same
  // percentages but different numbers"): two readers, Yes/No, counts given as a 2×2 table
  // (rows: reader A, columns: reader B).
  it('gives κ = 0.4 for the 50 grant proposals (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no; pₒ = 0.7, pₑ = 0.5)', () => {
    const result = cohensKappa(
      [...times(20, ['yes', 'yes']), ...times(5, ['yes', 'no']), ...times(10, ['no', 'yes']), ...times(15, ['no', 'no'])],
      ['yes', 'no'],
    );
    expect(result.matrix).toEqual([
      [20, 5],
      [10, 15],
    ]);
    expect(result.n).toBe(50);
    expect(result.observed).toBeCloseTo(0.7, 10);
    expect(result.expected).toBeCloseTo(0.5, 10);
    expect(result.kappa).toBeCloseTo(0.4, 10);
  });

  it.each([
    ['45 / 15 / 25 / 15 → κ = 0.1304', [45, 15, 25, 15], 0.1304],
    ['25 / 35 / 5 / 35 → κ = 0.2593', [25, 35, 5, 35], 0.2593],
  ])('the two tables with the same 60 %% agreement: %s', (_, [yy, yn, ny, nn], kappa) => {
    const result = cohensKappa(
      [...times(yy!, ['yes', 'yes']), ...times(yn!, ['yes', 'no']), ...times(ny!, ['no', 'yes']), ...times(nn!, ['no', 'no'])],
      ['yes', 'no'],
    );
    expect(result.observed).toBeCloseTo(0.6, 10);
    expect(result.kappa).toBeCloseTo(kappa, 4);
  });

  it('is 1 for perfect agreement, below 0 for systematic disagreement, and null when undefined', () => {
    expect(cohensKappa([...times(3, ['pass', 'pass']), ...times(2, ['fail', 'fail'])]).kappa).toBe(1);
    expect(cohensKappa([...times(5, ['pass', 'fail']), ...times(5, ['fail', 'pass'])]).kappa).toBe(-1);
    expect(cohensKappa(times(4, ['pass', 'pass']))).toMatchObject({ observed: 1, expected: 1, kappa: null });
    expect(cohensKappa([])).toMatchObject({ n: 0, kappa: null, matrix: [] });
  });

  it('keeps the label order it is given, with rows for the first rater (judge) and columns for the second (person)', () => {
    const result = cohensKappa(
      [
        ['fail', 'pass'],
        ['pass', 'pass'],
        ['pass', 'pass'],
      ],
      ['pass', 'fail', 'unsure'],
    );
    expect(result.labels).toEqual(['pass', 'fail', 'unsure']);
    expect(result.matrix).toEqual([
      [2, 0, 0],
      [1, 0, 0],
      [0, 0, 0],
    ]);
  });
});
