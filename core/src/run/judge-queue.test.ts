import { describe, expect, it } from 'vitest';
import type { QueueDecision, QueuedVerdict } from '../model/judge-queue.js';
import type { AssertionResult, RunResult } from '../model/result.js';
import { buildCaseResult, buildJudgedCheck, buildRunResult } from '../testing/index.js';
import { applyOverride, calibrationExamples, humanVerdict, judgeAgreement, queueReasons, verdictsToQueue } from './judge-queue.js';

const judged = buildJudgedCheck;
const caseResult = buildCaseResult;
const run = buildRunResult;

describe('queueReasons', () => {
  it.each([
    ['a failure that just missed threshold 1 (3 of 4 met)', { score: 0.75, threshold: 1 }, 0.25, ['near-threshold']],
    ['a failure far from it (1 of 4 met)', { score: 0.25, threshold: 1 }, 0.25, []],
    ['a perfect score is never near', { score: 1, threshold: 1 }, 0.25, []],
    ['a pass that only just reached threshold 0.5', { score: 0.5, threshold: 0.5 }, 0.25, ['near-threshold']],
    ['margin 0 queues nothing by score', { score: 0.75, threshold: 1 }, 0, []],
  ])('%s', (_, over, margin, why) => {
    expect(queueReasons(judged({ ...over, judges: [{ model: 'a', pass: true, score: over.score }] }), margin)).toEqual(why);
  });

  it('queues an ensemble whose judges disagree, on the check or on one requirement', () => {
    const judges = [
      { model: 'a', pass: true, score: 1 },
      { model: 'b', pass: false, score: 0 },
    ];
    expect(queueReasons(judged({ score: 0, judges }), 0.25)).toEqual(['disagreement']);
    const split = judged({
      score: 1,
      pass: true,
      judges: [
        { model: 'a', pass: true, score: 1 },
        { model: 'b', pass: true, score: 1 },
      ],
      verdicts: [
        {
          requirement: 'r',
          pass: true,
          reason: 'x',
          votes: [
            { judge: 'a', pass: true, reason: 'x' },
            { judge: 'b', pass: false, reason: 'y' },
          ],
        },
      ],
    });
    expect(queueReasons(split, 0.25)).toEqual(['disagreement']);
  });
});

describe('verdictsToQueue', () => {
  it('finds judge checks inside assert-sets, skips skipped and non-judge checks, and gives stable ids', () => {
    const set: AssertionResult = { type: 'assert-set', pass: false, score: 0.5, reason: 'x', weight: 1, children: [judged()] };
    const result = run([caseResult([{ type: 'contains', pass: true, score: 1, reason: 'ok', weight: 1 }, set, judged({ skipped: true })])]);
    const queued = verdictsToQueue(result);
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ caseId: 'c1', path: [1, 0], check: 'llm-judge', why: ['near-threshold'], pass: false, score: 0.75 });
    expect(queued[0]!.id).toMatch(/^[0-9a-f]{12}$/);
    expect(verdictsToQueue(structuredClone(result))[0]!.id).toBe(queued[0]!.id);
    const otherAnswer = run([caseResult([{ ...set }], { output: 'Another answer' })]);
    expect(verdictsToQueue(otherAnswer)[0]!.id).not.toBe(queued[0]!.id);
  });
});

describe('applyOverride', () => {
  const item = (result: RunResult) => verdictsToQueue(result)[0]!;
  const decision = (q: QueuedVerdict, d: QueueDecision['decision']): QueueDecision => ({
    id: q.id,
    decision: d,
    pass: humanVerdict(q, d),
    by: 'anna',
    note: 'the card number is asked for the refund, that is fine',
    at: '2026-11-27T11:00:00Z',
  });

  it('makes the check pass, the case passed, and the summary count it', () => {
    const result = run([caseResult([{ type: 'contains', pass: true, score: 1, reason: 'ok', weight: 1 }, judged()])]);
    const q = item(result);
    const changed = applyOverride(result, q, decision(q, 'overridden'))!;
    expect(changed.cases[0]!.outcome).toBe('passed');
    expect(changed.cases[0]!.assertions[1]).toMatchObject({
      pass: true,
      reason: expect.stringMatching(/^overridden by anna: met \(the card/),
    });
    expect(changed.summary).toMatchObject({ passed: 1, failed: 0 });
    expect(result.cases[0]!.outcome).toBe('failed'); // a copy: the input is untouched
  });

  it('leaves a case failed when another check fails, and ignores confirmations, other answers and repeated runs', () => {
    const failing = run([caseResult([{ type: 'contains', pass: false, score: 0, reason: 'no', weight: 1 }, judged()])]);
    const q = item(failing);
    expect(applyOverride(failing, q, decision(q, 'overridden'))!.cases[0]!.outcome).toBe('failed');
    expect(applyOverride(failing, q, decision(q, 'confirmed'))).toBeUndefined();
    const later = run([caseResult([judged()], { output: 'a newer answer' })]);
    expect(applyOverride(later, q, decision(q, 'overridden'))).toBeUndefined();
    const repeated = run([caseResult([judged()], { attempts: [] })]);
    expect(applyOverride(repeated, item(repeated), decision(item(repeated), 'overridden'))).toBeUndefined();
  });
});

describe('judgeAgreement', () => {
  /** `count` decided items on which the judge said `judge` and the person `human`. */
  const items = (count: number, judge: boolean, human: boolean, model = 'local:j') =>
    Array.from({ length: count }, (_, i) => {
      const item = {
        ...verdictsToQueue(run([caseResult([judged({ pass: judge, judges: [{ model, pass: judge, score: 0.75 }] })])]))[0]!,
        id: `${i}`.padStart(12, '0'),
      };
      const decision: QueueDecision = { id: item.id, decision: judge === human ? 'confirmed' : 'overridden', pass: human, at: 'x' };
      return { item, decision };
    });

  it("gives Wikipedia's worked example: 20 / 5 / 10 / 15 → κ = 0.4 (https://en.wikipedia.org/wiki/Cohen%27s_kappa)", () => {
    const [report] = judgeAgreement([
      ...items(20, true, true),
      ...items(5, true, false),
      ...items(10, false, true),
      ...items(15, false, false),
    ]);
    expect(report).toMatchObject({
      model: 'local:j',
      labels: ['pass', 'fail'],
      matrix: [
        [20, 5],
        [10, 15],
      ],
      n: 50,
    });
    expect(report!.observed).toBeCloseTo(0.7, 10);
    expect(report!.expected).toBeCloseTo(0.5, 10);
    expect(report!.kappa).toBeCloseTo(0.4, 10);
  });

  it('reports each judge of an ensemble on its own', () => {
    const both = items(3, true, false).map(({ item, decision }) => ({
      item: {
        ...item,
        judges: [
          { model: 'a', pass: true, score: 1 },
          { model: 'b', pass: false, score: 0 },
        ],
      },
      decision,
    }));
    expect(judgeAgreement(both).map((j) => [j.model, j.matrix])).toEqual([
      [
        'a',
        [
          [0, 3],
          [0, 0],
        ],
      ],
      [
        'b',
        [
          [0, 0],
          [0, 3],
        ],
      ],
    ]);
  });
});

describe('calibrationExamples', () => {
  it('gives the newest decisions first: confirmed verdicts as they were, an override as the requirements the judge got wrong', () => {
    const q = verdictsToQueue(run([caseResult([judged()])]))[0]!;
    const confirmed = { item: q, decision: { id: q.id, decision: 'confirmed' as const, pass: false, at: '1' } };
    const overridden = {
      item: { ...q, id: 'bbbbbbbbbbbb' },
      decision: { id: 'bbbbbbbbbbbb', decision: 'overridden' as const, pass: true, note: 'asking for the card is fine here', at: '2' },
    };
    expect(calibrationExamples([confirmed, overridden], 10)).toEqual([
      { requirement: 'Does not ask for card details', output: q.output, pass: true, reason: 'asking for the card is fine here' },
      { requirement: 'Confirms the refund window', output: q.output, pass: true, reason: 'says 30 days' },
      { requirement: 'Does not ask for card details', output: q.output, pass: false, reason: 'asks for the card number' },
    ]);
    expect(calibrationExamples([confirmed, overridden], 2)).toHaveLength(2);
  });
});
