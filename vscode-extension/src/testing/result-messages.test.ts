import { describe, expect, it } from 'vitest';
import { parseCaseFile, type CaseResult } from '@casewright/core';
import { buildCaseTree } from './case-tree.js';
import { toResultView } from './result-messages.js';

const FILE = `suite: S
defaults:
  assert:
    - type: latency
      max: 100
cases:
  - id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60
    title: Refunds
    kind: conversation
    input:
      messages:
        - role: user
          content: refund?
    expected:
      requirements:
        - Mentions the window
      assert:
        - type: contains
          value: 30 days
        - type: icontains
          value: refund
`;
const node = buildCaseTree(parseCaseFile(FILE, 'f.cases.yaml')).cases[0]!;

function result(overrides: Partial<CaseResult>): CaseResult {
  return {
    caseId: node.id,
    title: 'Refunds',
    kind: 'conversation',
    outcome: 'passed',
    score: 1,
    assertions: [],
    durationMs: 42,
    startedAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

describe('toResultView', () => {
  it('puts a diff for each failed assertion on the line where it is written', () => {
    const view = toResultView(
      result({
        outcome: 'failed',
        score: 0.33,
        output: 'You can get a refund.',
        cost: 0.0021,
        tokenUsage: { input: 120, output: 30, total: 150 },
        assertions: [
          {
            type: 'contains',
            pass: false,
            score: 0,
            reason: "output does not contain '30 days'",
            weight: 1,
            expected: '30 days',
            actual: 'You can get a refund.',
          },
          { type: 'icontains', pass: true, score: 1, reason: 'ok', weight: 1 },
          { type: 'latency', pass: false, score: 0, reason: 'took 250 ms, max 100', weight: 1 },
          {
            type: 'llm-judge',
            pass: false,
            score: 0,
            reason: '1 of 1 requirements failed',
            weight: 1,
            verdicts: [{ requirement: 'Mentions the window', pass: false, reason: 'no time window given' }],
          },
        ],
      }),
      node,
    );
    expect(view.outcome).toBe('failed');
    expect(view.durationMs).toBe(42);
    expect(view.messages).toEqual([
      {
        message: "contains: output does not contain '30 days'",
        expected: '30 days',
        actual: 'You can get a refund.',
        range: node.assertions[0]!.range,
      },
      { message: 'latency: took 250 ms, max 100', expected: undefined, actual: undefined, range: node.assertions[2]!.range },
      {
        message: 'llm-judge: 1 of 1 requirements failed\n  ✗ Mentions the window — no time window given',
        expected: undefined,
        actual: undefined,
        range: node.requirementsRange,
      },
    ]);
    expect(node.assertions[0]!.range.startLine).toBe(17);
    expect(node.assertions[2]!.fromDefaults).toBe(true);
    expect(view.output[0]).toBe('✗ Refunds — 42 ms, $0.0021, 150 tokens (120 in, 30 out)');
    expect(view.output).toContain('    ✗ Mentions the window — no time window given');
    expect(view.output).toContain("  ✗ contains: output does not contain '30 days'");
    expect(view.output).toContain('  ✓ icontains: ok');
  });

  it('writes the transcript of every turn, the answers where the written history was, and each turn on its own', () => {
    const view = toResultView(
      result({
        outcome: 'failed',
        input: [
          { role: 'system', content: 'You are the Acme bot.' },
          { role: 'user', content: 'Hi there' },
          { role: 'assistant', content: 'Hello! How can I help?' },
          { role: 'user', content: 'I want a refund\nfor my kettle' },
        ],
        turns: [
          { turn: 1, output: 'Hi! What can I do for you?', latencyMs: 120.4 },
          { turn: 2, output: 'Refunds take 30 days.', latencyMs: 80 },
        ],
        output: 'Refunds take 30 days.',
      }),
      node,
    );
    expect(view.output.slice(view.output.indexOf('Transcript:'))).toEqual([
      'Transcript:',
      '  system: You are the Acme bot.',
      '  user: Hi there',
      '  answer (turn 1, 120 ms): Hi! What can I do for you?',
      '  assistant (history): Hello! How can I help?',
      '  user: I want a refund',
      '      for my kettle',
      '  answer (turn 2, 80 ms): Refunds take 30 days.',
    ]);
    expect(view.turnOutput.get(2)).toEqual([
      '  user: I want a refund',
      '      for my kettle',
      '  answer (turn 2, 80 ms): Refunds take 30 days.',
    ]);
  });

  it('offers "Accept actual" for a whole-answer assertion with its own value, "Update baseline" for one that compares with expected.content', () => {
    const text = `suite: S
cases:
  - id: 0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60
    title: Refunds
    kind: conversation
    input:
      messages:
        - role: user
          content: refund?
    expected:
      content: Refunds take 30 days.
      assert:
        - type: contains
          value: 30 days
        - type: equals
          value: Refunds take 30 days.
        - type: similarity
          threshold: 0.9
        - type: not-equals
          value: Sorry
`;
    const caseNode = buildCaseTree(parseCaseFile(text, 'f.cases.yaml')).cases[0]!;
    const failed = (type: string, expected: string) => ({
      type,
      pass: false,
      score: 0,
      reason: 'differs',
      weight: 1,
      expected,
      actual: 'Sorry',
    });
    const view = toResultView(
      result({
        outcome: 'failed',
        output: 'Sorry',
        assertions: [
          failed('contains', '30 days'),
          failed('equals', 'Refunds take 30 days.'),
          failed('similarity', 'Refunds take 30 days.'),
          failed('not-equals', 'Sorry'),
        ],
      }),
      caseNode,
    );
    expect(view.messages.map((m) => [m.message.split(':')[0], m.fix, m.range.startLine])).toEqual([
      ['contains', undefined, 12],
      ['equals', { kind: 'accept', assertion: 1 }, 14],
      ['similarity', { kind: 'baseline' }, 16],
      ['not-equals', undefined, 18],
    ]);
  });

  it('shows a run error at the case and no diff', () => {
    const view = toResultView(result({ outcome: 'errored', score: 0, error: { code: 'TARGET_FAILED', message: 'exit code 1' } }), node);
    expect(view.messages).toEqual([{ message: 'TARGET_FAILED: exit code 1', expected: undefined, actual: undefined, range: node.range }]);
  });

  it('reports flaky repeats in the output and nothing as a failure when the case passed', () => {
    const attempt = { outcome: 'passed' as const, score: 1, assertions: [] };
    const view = toResultView(
      result({
        attempts: [attempt, attempt, { ...attempt, outcome: 'failed' }],
        successRate: 2 / 3,
        flaky: true,
        assertions: [{ type: 'contains', pass: false, score: 0, reason: 'x', weight: 1 }],
      }),
      node,
    );
    expect(view.messages).toEqual([]);
    expect(view.output[0]).toContain('2/3 attempts passed, flaky');
  });

  it('lists each voice turn with its transcript and audio files, per condition', () => {
    const voice = (condition: string) => ({
      condition,
      inputAudio: `/r/audio/c1/1-${condition}-t1-in.wav`,
      speech: 'espeak-ng',
      outputAudio: `/r/audio/c1/1-${condition}-t1-out.wav`,
      transcription: 'pocketsphinx',
      firstAudioMs: 180,
      totalMs: 900,
      audio: { durationMs: 2400, leadingSilenceMs: 120, silenceRatio: 0.2, clippedRatio: 0, peakDb: -3, rmsDb: -20, sampleRate: 16000 },
      timings: {},
    });
    const attempt = (condition: string, output: string) => ({
      condition,
      outcome: 'passed' as const,
      score: 1,
      assertions: [],
      turns: [{ turn: 1, output, voice: voice(condition) }],
    });
    const view = toResultView(result({ attempts: [attempt('clean', 'refund within thirty days'), attempt('phone', 'refund')] }), node);
    expect(view.output.slice(1)).toEqual([
      '  turn 1 [clean]: heard "refund within thirty days" (pocketsphinx) — first audio 180 ms, answer 2.40 s, leading silence 120 ms',
      '    the app heard /r/audio/c1/1-clean-t1-in.wav',
      '    it answered  /r/audio/c1/1-clean-t1-out.wav',
      '  turn 1 [phone]: heard "refund" (pocketsphinx) — first audio 180 ms, answer 2.40 s, leading silence 120 ms',
      '    the app heard /r/audio/c1/1-phone-t1-in.wav',
      '    it answered  /r/audio/c1/1-phone-t1-out.wav',
    ]);
  });
});
