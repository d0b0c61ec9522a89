// WER and CER against jiwer, the reference implementation (github.com/jitsi/jiwer).
// The pairs and values are jiwer's own, from its tests at release 4.0.0:
// tests/test_measures.py (TestMeasuresDefaultTransform), tests/test_empty_ref.py and
// tests/test_cer.py. With `normalize: false` Casewright must give jiwer's numbers;
// a list of sentences in jiwer is one corpus: errors summed over all pairs, divided
// by all reference words.
import { describe, expect, it } from 'vitest';
import { alignTokens, cerTokens, characterErrorRate, errorRate, werTokens, wordErrorRate } from './error-rate.js';

/** jiwer's corpus measure over sentence pairs, as `process_words(list, list)` computes it. */
function corpus(kind: 'wer' | 'cer', references: string[], hypotheses: string[], normalize: false | undefined = false): number {
  const tokens = kind === 'wer' ? werTokens : cerTokens;
  return errorRate(references.map((r, i) => alignTokens(tokens(r, normalize), tokens(hypotheses[i]!, normalize))));
}

// [reference, hypothesis, jiwer's WER]
const JIWER_WER_PAIRS: [string, string, number][] = [
  // test_measures.py: test_input_gt_string_h_string
  ['This is a test', 'This is a test', 0],
  ['This is a test', '', 1],
  ['This is a test', 'This test', 0.5],
  // test_measures.py: test_different_sentence_length_equal_type
  ['i am a short ground truth', 'i am a considerably longer and very much incorrect hypothesis', 7 / 6],
  // test_measures.py: test_known_values (from the paper "From WER and RIL to MER and WIL")
  ['X', 'X', 0],
  ['X', 'X X Y Y', 3],
  ['X Y X', 'X Z', 2 / 3],
  ['X', 'Y', 1],
  ['X', 'Y Z', 2],
  // test_empty_ref.py: an empty reference scores the number of insertions
  ['', '', 0],
  ['', 'hello', 1],
  ['', '0 1', 2],
  ['', '0 1 2', 3],
  ['', '0 1 2 3', 4],
  ['', '0 1 2 3 4', 5],
  ['', '0 1 2 3 4 5', 6],
  ['', '0 1 2 3 4 5 6', 7],
  ['', '0 1 2 3 4 5 6 7', 8],
  ['', '0 1 2 3 4 5 6 7 8', 9],
  ['', '0 1 2 3 4 5 6 7 8 9', 10],
  ['hello', '', 1],
];

// [references, hypotheses, jiwer's WER] — lists of sentences, aligned pair by pair.
const JIWER_WER_CORPORA: [string[], string[], number][] = [
  // test_measures.py: test_permutations_invariance (default transform)
  [['i', 'am i good'], ['i am', 'i good'], 0.5],
  [['am i good', 'i'], ['i good', 'i am'], 0.5],
  // test_empty_ref.py: test_multiple_one_empty_ref, test_one_empty_ref_and_hyp
  [['hello world', ''], ['hello world', 'done'], 1 / 2],
  [['hello world', ''], ['hello world', ''], 0],
  // test_measures.py: test_input_gt_list_h_list
  [['This is a test'], ['This test'], 0.5],
];

// [reference, hypothesis, jiwer's CER]
const JIWER_CER_PAIRS: [string, string, number][] = [
  // test_cer.py: test_input_ref_string_hyp_string (spaces count as characters)
  ['This is a test', 'This is a test', 0 / 14],
  ['This is a test', '', 14 / 14],
  ['This is a test', 'This test', 5 / 14],
  // test_cer.py: test_known_values
  ['X', 'X', 0],
  ['X', 'X X Y Y', 6],
  ['X Y X', 'X Z', 3 / 5],
  ['X', 'Y', 1],
  ['X', 'Y Z', 3],
  // test_empty_ref.py: test_cer_empty_ref
  ['', '', 0],
  ['', 'a', 1],
  ['', 'abd', 3],
  ['a', '', 1],
  ['abc', '', 1],
];

describe('word error rate, normalize: false = jiwer', () => {
  it.each(JIWER_WER_PAIRS)('reference %j, hypothesis %j → %d', (reference, hypothesis, value) => {
    expect(wordErrorRate(hypothesis, reference, false)).toBeCloseTo(value, 12);
  });
  it.each(JIWER_WER_CORPORA)('corpus %j vs %j → %d', (references, hypotheses, value) => {
    expect(corpus('wer', references, hypotheses)).toBeCloseTo(value, 12);
  });
  it('is case- and punctuation-sensitive, like jiwer without a transform', () => {
    expect(wordErrorRate('hello, World', 'hello world', false)).toBe(1);
    expect(wordErrorRate('1 2', 'one two', false)).toBe(1);
  });
});

describe('character error rate, normalize: false = jiwer', () => {
  it.each(JIWER_CER_PAIRS)('reference %j, hypothesis %j → %d', (reference, hypothesis, value) => {
    expect(characterErrorRate(hypothesis, reference, false)).toBeCloseTo(value, 12);
  });
  it('corpus ["i", "am i good"] vs ["i am", "i good"] → 0.6 (test_cer.py: test_permutations_invariance)', () => {
    expect(corpus('cer', ['i', 'am i good'], ['i am', 'i good'])).toBeCloseTo(0.6, 12);
    expect(corpus('cer', ['am i good', 'i'], ['i good', 'i am'])).toBeCloseTo(0.6, 12);
  });
});

describe('the default normalisation', () => {
  it('gives jiwer’s values on jiwer’s pairs too (they have no case, number or punctuation differences)', () => {
    for (const [reference, hypothesis, value] of JIWER_WER_PAIRS) {
      expect(wordErrorRate(hypothesis, reference), `${reference} / ${hypothesis}`).toBeCloseTo(value, 12);
    }
  });
  it.each([
    ['case', 'Hello World', 'hello world', 0],
    ['punctuation', 'Hello, world!', 'hello world', 0],
    ['numbers as words', 'You would like 2 packs.', 'you would like two packs', 0],
    ['hyphens split words', 'a 3-5 day wait', 'a three five day wait', 0],
    ['underscores split words', 'snake_case', 'snake case', 0],
  ])('%s', (_name, hypothesis, reference, value) => {
    expect(wordErrorRate(hypothesis, reference)).toBe(value);
  });
  it('single steps can be turned off', () => {
    expect(wordErrorRate('1 2', 'one two', { numbers: false })).toBe(1);
    expect(wordErrorRate('Hello', 'hello', { lowercase: false })).toBe(1);
    expect(wordErrorRate('e-mail', 'e mail', { punctuation: false })).toBe(1);
    expect(wordErrorRate('e-mail', 'e mail', { numbers: false })).toBe(0);
  });
  it('CER compares the normalised words joined by single spaces', () => {
    expect(cerTokens('  Two   PACKS! ')).toEqual([...'two packs']);
    expect(characterErrorRate('Two packs.', 'two packs')).toBe(0);
    expect(characterErrorRate('two  packs', 'two packs', false)).toBeCloseTo(1 / 9, 12);
  });
});

describe('alignTokens', () => {
  it('splits the edit distance into substitutions, deletions and insertions', () => {
    expect(alignTokens(['a', 'b', 'c'], ['a', 'x', 'c', 'd'])).toEqual({
      hits: 2,
      substitutions: 1,
      deletions: 0,
      insertions: 1,
      referenceLength: 3,
      hypothesisLength: 4,
    });
    expect(alignTokens(['a', 'b'], [])).toMatchObject({ deletions: 2, insertions: 0, substitutions: 0 });
  });
});
