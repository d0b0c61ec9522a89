import { describe, expect, it } from 'vitest';
import { input, ok } from './__fixtures__/handler-input.js';
import { characterErrorRate, similarity, wordErrorRate } from './similarity.js';
import { levenshteinRatio, normalizeWords, numberToWords, rougeL } from './text-metrics.js';
import { wordErrorRate as wer } from './error-rate.js';

describe('text normalisation', () => {
  it.each([
    ['case and punctuation', 'Okay, THREE packs!', ['okay', 'three', 'packs']],
    ['numbers as words', 'Your total is 11.97 euros', ['your', 'total', 'is', 'eleven', 'point', 'nine', 'seven', 'euros']],
    ['thousands separators', '1,200 items', ['one', 'thousand', 'two', 'hundred', 'items']],
    ['apostrophes inside words stay', "I didn't catch 'that'", ['i', "didn't", 'catch', 'that']],
    ['hyphens split words', 'size-four filters', ['size', 'four', 'filters']],
    ['underscores split words', 'order_id', ['order', 'id']],
    [
      'long digit strings are read digit by digit',
      '1234567890123',
      ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'zero', 'one', 'two', 'three'],
    ],
  ])('%s', (_n, text, words) => {
    expect(normalizeWords(text)).toEqual(words);
  });
  it.each([
    [0, 'zero'],
    [19, 'nineteen'],
    [42, 'forty two'],
    [100, 'one hundred'],
    [2026, 'two thousand twenty six'],
    [1_000_001, 'one million one'],
  ])('numberToWords(%i) = %s', (n, words) => {
    expect(numberToWords(n)).toBe(words);
  });
});

describe('metrics', () => {
  it.each([
    ['identical', 'Standard shipping takes 3-5 days', 'standard shipping takes 3-5 days.', 1],
    ['nothing shared', 'abc', 'xyz', 0],
    ['empty both', '', '', 1],
  ])('levenshteinRatio: %s', (_n, a, b, value) => {
    expect(levenshteinRatio(a, b)).toBe(value);
  });
  it('levenshteinRatio counts character edits over the longer text', () => {
    // "kitten" → "sitting": 3 edits over 7 characters.
    expect(levenshteinRatio('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 10);
  });
  it.each([
    ['identical', 'the cat sat on the mat', 'the cat sat on the mat', 1],
    // LCS "the cat the mat" = 4 of 6 words each way.
    ['reordered', 'the cat sat on the mat', 'on the mat the cat sat', (2 * (3 / 6) * (3 / 6)) / (3 / 6 + 3 / 6)],
    ['disjoint', 'hello world', 'goodbye moon', 0],
  ])('rougeL: %s', (_n, a, b, value) => {
    expect(rougeL(a, b)).toBeCloseTo(value, 10);
  });
  it.each([
    ['perfect after normalisation', 'You would like 2 packs.', 'you would like two packs', 0],
    ['one substitution in five', 'you would like three packs', 'you would like two packs', 1 / 5],
    ['deletion and insertion', 'would like two packs please', 'you would like two packs', 2 / 5],
    ['empty hypothesis', '', 'two packs', 1],
  ])('wordErrorRate: %s', (_n, hyp, ref, value) => {
    expect(wer(hyp, ref)).toBeCloseTo(value, 10);
  });
});

describe('similarity', () => {
  const reference = 'Standard shipping takes 3-5 business days and express shipping 1-2 business days.';
  it.each([
    ['levenshtein, same text', {}, reference, ok('levenshtein similarity 1 ≥ 0.8', { expected: reference, actual: reference })],
    [
      'rouge-l, reworded',
      { metric: 'rouge-l' as const, threshold: 0.6 },
      'Express shipping takes 1-2 business days.',
      {
        pass: false,
        score: 0.571,
        reason: 'rouge-l similarity 0.571 < 0.6',
        expected: reference,
        actual: 'Express shipping takes 1-2 business days.',
      },
    ],
    [
      'value overrides expected',
      { value: 'hello world', threshold: 0.5 },
      'hello world!',
      ok('levenshtein similarity 1 ≥ 0.5', { expected: 'hello world', actual: 'hello world!' }),
    ],
  ])('%s', (_n, params, output, result) => {
    expect(similarity(input(params, output, { expected: reference }))).toEqual(result);
  });
  it('says when the reference is the logged answer of an imported case (expected.baseline)', () => {
    const result = similarity(
      input({ metric: 'rouge-l' as const, threshold: 0.5 }, 'Standard shipping takes 3-5 days.', { expected: reference, baseline: true }),
    );
    expect(result.reason).toBe(
      'rouge-l similarity 0.6 ≥ 0.5 against the logged answer (the imported baseline: what production said, not a vetted answer)',
    );
    // With its own value, the reference is the assertion's, not the logged answer.
    expect(similarity(input({ value: 'x' }, 'x', { expected: reference, baseline: true })).reason).toBe('levenshtein similarity 1 ≥ 0.8');
  });
  it('without a reference text it is a configuration error', () => {
    expect(() => similarity(input({}, 'x'))).toThrow("similarity needs a reference text: set 'value' or the case's expected.content");
  });
});

describe('word-error-rate', () => {
  const reference = 'okay three packs of coffee filters your total is eleven euros ninety seven shall i place the order';
  it.each([
    [
      'numbers spoken differently stay under the threshold',
      { value: reference, threshold: 0.35 },
      'Okay, three packs of coffee filters. Your total is 11.97 euros. Shall I place the order?',
      {
        pass: true,
        score: 0.833,
        reason: 'word error rate 0.167 ≤ 0.35 (3 errors over 18 reference words: 2 substituted, 0 deleted, 1 inserted)',
        expected: reference,
        actual: 'Okay, three packs of coffee filters. Your total is 11.97 euros. Shall I place the order?',
      },
    ],
    [
      'default threshold 0.2 from expected.content',
      {},
      'You would like 2 packs of paper filters. Correct?',
      {
        pass: true,
        score: 0.875,
        reason: 'word error rate 0.125 ≤ 0.2 (1 error over 8 reference words: 0 substituted, 0 deleted, 1 inserted)',
        expected: 'You would like two packs of filters, correct?',
        actual: 'You would like 2 packs of paper filters. Correct?',
      },
    ],
    [
      'a different read-back fails',
      { threshold: 0.15 },
      'You would like one descaler.',
      {
        pass: false,
        score: 0.375,
        reason: 'word error rate 0.625 > 0.15 (5 errors over 8 reference words: 2 substituted, 3 deleted, 0 inserted)',
        expected: 'You would like two packs of filters, correct?',
        actual: 'You would like one descaler.',
      },
    ],
  ])('%s', (_n, params, output, result) => {
    expect(wordErrorRate(input(params, output, { expected: 'You would like two packs of filters, correct?' }))).toEqual(result);
  });
  it('a perfect transcript scores 1', () => {
    expect(wordErrorRate(input({ value: 'two packs' }, 'Two packs.'))).toEqual(
      ok('word error rate 0 ≤ 0.2 (0 errors over 2 reference words: 0 substituted, 0 deleted, 0 inserted)', {
        expected: 'two packs',
        actual: 'Two packs.',
      }),
    );
  });
  it('normalize: false compares the texts as written', () => {
    expect(wordErrorRate(input({ value: 'two packs', normalize: false }, 'Two packs.')).reason).toBe(
      'word error rate 1 > 0.2 (2 errors over 2 reference words: 2 substituted, 0 deleted, 0 inserted; not normalised)',
    );
  });
  it('an empty reference scores the insertions (jiwer): an answer where silence was expected fails', () => {
    expect(wordErrorRate(input({ value: '' }, 'hello there'))).toEqual({
      pass: false,
      score: 0,
      reason: 'word error rate 2 > 0.2 (2 errors over 0 reference words: 0 substituted, 0 deleted, 2 inserted)',
      expected: '',
      actual: 'hello there',
    });
    expect(wordErrorRate(input({ value: '' }, '')).pass).toBe(true);
  });
  it('without a reference text it is a configuration error', () => {
    expect(() => wordErrorRate(input({}, 'x'))).toThrow(/word-error-rate needs a reference text/);
  });
});

describe('character-error-rate', () => {
  it.each([
    [
      'a typo in one word passes the default threshold 0.1',
      { value: 'coffee filters' },
      'Cofee filters',
      {
        pass: true,
        score: 0.929,
        reason: 'character error rate 0.071 ≤ 0.1 (1 error over 14 reference characters: 0 substituted, 1 deleted, 0 inserted)',
        expected: 'coffee filters',
        actual: 'Cofee filters',
      },
    ],
    [
      'a different word fails',
      { value: 'coffee filters', threshold: 0.05 },
      'tea filters',
      {
        pass: false,
        score: 0.643,
        reason: 'character error rate 0.357 > 0.05 (5 errors over 14 reference characters: 2 substituted, 3 deleted, 0 inserted)',
        expected: 'coffee filters',
        actual: 'tea filters',
      },
    ],
  ])('%s', (_n, params, output, result) => {
    expect(characterErrorRate(input(params, output))).toEqual(result);
  });
  it('without a reference text it is a configuration error', () => {
    expect(() => characterErrorRate(input({}, 'x'))).toThrow(/character-error-rate needs a reference text/);
  });
});
