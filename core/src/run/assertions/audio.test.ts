// The voice-turn checks: audio measures from sox, time to first audio, and the
// transcript as the word- and character-error-rate reference.
import { describe, expect, it } from 'vitest';
import type { VoiceTurn } from '../../model/result.js';
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import { input, no, ok } from './__fixtures__/handler-input.js';
import { audioDuration, clipping, leadingSilence, silenceRatio } from './audio.js';
import { latency } from './metrics.js';
import { characterErrorRate, wordErrorRate } from './similarity.js';

const voice = (audio: Partial<VoiceTurn['audio']> = {}, extra: Partial<VoiceTurn> = {}): VoiceTurn => ({
  inputAudio: '/tmp/in.wav',
  speech: 'espeak-ng',
  outputAudio: '/tmp/out.wav',
  transcription: 'pocketsphinx',
  firstAudioMs: 180,
  totalMs: 900,
  audio: {
    durationMs: 3200,
    leadingSilenceMs: 120,
    silenceRatio: 0.18,
    clippedRatio: 0,
    peakDb: -3,
    rmsDb: -20,
    sampleRate: 16000,
    ...audio,
  },
  timings: {},
  ...extra,
});
const skipped = { pass: true, score: 1, reason: 'not a voice turn: no audio to check', skipped: true };

describe('audio checks on a voice turn', () => {
  it.each([
    ['audio-duration within', audioDuration, { min: 1, max: 5 }, voice(), ok('the answer lasts 3.20 s; within 1..5 s')],
    ['audio-duration too long', audioDuration, { max: 3 }, voice(), no('the answer lasts 3.20 s; outside 0..3 s')],
    [
      'leading-silence within',
      leadingSilence,
      { max: 300 },
      voice(),
      ok('120 ms of silence before the answer; within the limit of 300 ms'),
    ],
    [
      'leading-silence over',
      leadingSilence,
      { max: 100 },
      voice({ leadingSilenceMs: 1500 }),
      no('1500 ms of silence before the answer; over the limit of 100 ms'),
    ],
    ['silence-ratio within', silenceRatio, { max: 0.3 }, voice(), ok('18.0% of the answer is silence; within 30.0%')],
    ['silence-ratio over', silenceRatio, { max: 0.1 }, voice(), no('18.0% of the answer is silence; over 10.0%')],
    ['clipping none', clipping, {}, voice(), ok('0.00% of the samples are clipped; within 0.10%')],
    ['clipping over', clipping, { max: 0.01 }, voice({ clippedRatio: 0.04 }), no('4.0% of the samples are clipped; over 1.0%')],
  ])('%s', (_name, handler, params, turn, expected) => {
    expect((handler as (i: unknown) => unknown)(input(params, 'transcript', { voice: turn }))).toEqual(expected);
  });

  it.each([
    ['audio-duration', audioDuration, { max: 3 }],
    ['leading-silence', leadingSilence, { max: 100 }],
    ['silence-ratio', silenceRatio, { max: 0.1 }],
    ['clipping', clipping, {}],
  ])('%s is skipped on a text turn (the case may run against a text target)', (_name, handler, params) => {
    expect((handler as (i: unknown) => unknown)(input(params, 'text answer'))).toEqual(skipped);
  });

  it('audio-duration without bounds is a configuration error', () => {
    expect(() => audioDuration(input({}, 'x', { voice: voice() }))).toThrow(AssertionConfigError);
  });
});

describe('latency on voice turns', () => {
  it('checks the time to the first audio byte and the total', () => {
    expect(latency(input({ max: 1000, firstAudio: 200 }, 'x', { latencyMs: 900, voice: voice() }))).toEqual(
      ok('first audio after 180 ms; within the limit of 200 ms; answered in 900 ms; within the limit of 1000 ms'),
    );
    expect(latency(input({ firstAudio: 100 }, 'x', { latencyMs: 900, voice: voice() }))).toEqual(
      no('first audio after 180 ms; over the limit of 100 ms'),
    );
  });
  it('skips a first-audio limit on a text turn, and still checks max there', () => {
    expect(latency(input({ firstAudio: 100 }, 'x', { latencyMs: 900 }))).toEqual({
      pass: true,
      score: 1,
      reason: 'not a voice turn: no time to first audio',
      skipped: true,
    });
    expect(latency(input({ max: 500, firstAudio: 100 }, 'x', { latencyMs: 900 }))).toEqual(
      no('answered in 900 ms; over the limit of 500 ms'),
    );
  });
  it('needs max or firstAudio', () => {
    expect(() => latency(input({}, 'x', { latencyMs: 1 }))).toThrow(/latency needs max, firstAudio or both/);
  });
});

describe('word- and character-error-rate reference', () => {
  it('prefers expected.transcript over expected.content', () => {
    const result = wordErrorRate(
      input({}, 'your order ships today', { transcript: 'your order ships today', expected: 'Your order ACM-1 ships today.' }),
    );
    expect(result).toMatchObject({ pass: true, score: 1, expected: 'your order ships today' });
  });
  it('is expected.transcript for the character error rate too', () => {
    const result = characterErrorRate(
      input({}, 'your order ships today', { transcript: 'your order ships today', expected: 'Your order ACM-1 ships today.' }),
    );
    expect(result).toMatchObject({ pass: true, score: 1, expected: 'your order ships today' });
    expect(() => characterErrorRate(input({}, 'x'))).toThrow(
      "character-error-rate needs a reference text: set 'value' or the case's expected.transcript or expected.content",
    );
  });
  it('names both places when there is no reference', () => {
    expect(() => wordErrorRate(input({}, 'x'))).toThrow(
      "word-error-rate needs a reference text: set 'value' or the case's expected.transcript or expected.content",
    );
  });
});
