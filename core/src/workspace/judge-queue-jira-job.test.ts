import { describe, expect, it } from 'vitest';
import type { JiraQueuedVerdict } from '../model/judge-queue.js';
import type { AssertionResult, CaseResult } from '../model/result.js';
import { buildCaseResult, buildJudgedCheck, buildRunResult } from '../testing/index.js';
import { createSecretMasker } from '../util/secret-masker.js';
import {
  JUDGE_ANSWER_CAP,
  JUDGE_PENDING_CAP,
  JUDGE_PROPERTY_BUDGET,
  judgeVerdictsForJira,
  localQueuedVerdict,
  nextJudgeQueueProperty,
} from './judge-queue-jira-job.js';

const judged = (over: Partial<AssertionResult> = {}) => buildJudgedCheck({ actual: 'the whole answer again', ...over });
const caseResult = (caseId: string, output: string, assertions: AssertionResult[]): CaseResult =>
  buildCaseResult(assertions, { caseId, title: `Case ${caseId}`, outcome: 'failed', score: 0.75, output });
const run = buildRunResult;

const execution = (cases: Array<{ caseId: string; jiraKey?: string; story?: string }>) => ({
  id: 'gha-1-1',
  finishedAt: '2026-11-27T10:00:01Z',
  cases: cases.map((c) => ({ ...c, title: c.caseId, kind: 'conversation' as const, outcome: 'failed' as const, durationMs: 1 })),
});

describe('judge verdicts on Jira', () => {
  it("sends a run's doubtful verdicts of cases with an issue and a story, with the case's checks (no answers) and secrets masked", () => {
    const secret = 'sk-live-abcdefghijklmnop';
    const result = run([
      caseResult('c1', `Send your card number; our key is ${secret}`, [
        judged(),
        { type: 'contains', pass: true, score: 1, reason: 'ok', weight: 1 },
      ]),
      caseResult('c2', 'no issue for this one', [judged()]),
    ]);
    const items = judgeVerdictsForJira(execution([{ caseId: 'c1', jiraKey: 'SHOP-2', story: 'SHOP-1' }, { caseId: 'c2' }]), result, {
      secrets: createSecretMasker([secret]),
    });
    expect(items).toHaveLength(1);
    const [item] = items;
    expect(item).toMatchObject({ caseKey: 'SHOP-2', story: 'SHOP-1', execution: 'gha-1-1', outcome: 'failed', why: ['near-threshold'] });
    expect(item!.output).not.toContain(secret);
    expect(JSON.stringify(item)).not.toContain(secret);
    // The checks as deciding the outcome again needs them: verdicts, scores, weights; no answer in them.
    const { verdicts: _verdicts, actual: _actual, ...check } = judged();
    expect(check).not.toHaveProperty('actual');
    expect(item!.checks).toEqual([check, { type: 'contains', pass: true, score: 1, reason: 'ok', weight: 1 }]);
    // Home again, it is a line of .casewright/judge-queue.jsonl (strict schema: no Jira fields).
    expect(Object.keys(localQueuedVerdict(item!)).sort()).toEqual(
      [
        'at',
        'caseId',
        'check',
        'file',
        'id',
        'judges',
        'output',
        'pass',
        'path',
        'runId',
        'score',
        'threshold',
        'title',
        'verdicts',
        'why',
      ].sort(),
    );
  });

  it("keeps the story's property within Jira's 32,768-character limit: answers cut, the newest 25 pending kept, the rest counted as dropped", () => {
    // Long answers in a script whose characters take two bytes each.
    const cases = Array.from({ length: 60 }, (_, i) =>
      caseResult(`c${i}`, `Réponse ${i} `.repeat(600), [
        judged({
          verdicts: Array.from({ length: 30 }, (_, r) => ({
            requirement: `Exigence ${r} `.repeat(40),
            pass: r % 2 === 0,
            reason: 'é'.repeat(500),
          })),
        }),
      ]),
    );
    const items = judgeVerdictsForJira(execution(cases.map((c) => ({ caseId: c.caseId, jiraKey: 'SHOP-2', story: 'SHOP-1' }))), run(cases));
    expect(items).toHaveLength(60);
    expect(items[0]!.output.length).toBe(JUDGE_ANSWER_CAP);
    expect(items[0]!.truncated).toBe(true);
    expect(items[0]!.verdicts).toHaveLength(20);
    const prop = nextJudgeQueueProperty(undefined, items);
    const bytes = Buffer.byteLength(JSON.stringify(prop), 'utf8');
    expect(bytes).toBeLessThanOrEqual(JUDGE_PROPERTY_BUDGET);
    expect(prop.pending).toBe(prop.items.length);
    expect(prop.pending).toBeLessThanOrEqual(JUDGE_PENDING_CAP);
    expect(prop.pending).toBeGreaterThan(0);
    expect(prop.dropped).toBe(60 - prop.pending);
    // The newest are the ones kept.
    expect(prop.items.at(-1)!.caseId).toBe('c59');
    // The same verdicts again add nothing.
    const again = nextJudgeQueueProperty(prop, items.slice(-prop.pending));
    expect(again).toEqual(prop);
  });

  it('leaves out a verdict that does not parse (counted as dropped), never the whole queue', () => {
    const [item] = judgeVerdictsForJira(
      execution([{ caseId: 'c1', jiraKey: 'SHOP-2', story: 'SHOP-1' }]),
      run([caseResult('c1', 'answer', [judged()])]),
    );
    const prop = nextJudgeQueueProperty({ schema: 1, pending: 2, decided: 0, dropped: 0, items: [{ id: 'edited by hand' }, item] }, []);
    expect(prop).toMatchObject({ pending: 1, decided: 0, dropped: 1, items: [{ id: item!.id }] });
    expect(nextJudgeQueueProperty('not a queue', [item!])).toMatchObject({ pending: 1, items: [{ id: item!.id }] });
  });

  it('keeps a decided verdict and its decision when the same verdict is queued again', () => {
    const [item] = judgeVerdictsForJira(
      execution([{ caseId: 'c1', jiraKey: 'SHOP-2', story: 'SHOP-1' }]),
      run([caseResult('c1', 'answer', [judged()])]),
    );
    const decided: JiraQueuedVerdict = {
      ...item!,
      decision: { id: item!.id, decision: 'overridden', pass: true, at: '2026-11-27T11:00:00Z' },
    };
    const prop = nextJudgeQueueProperty({ schema: 1, pending: 0, decided: 1, items: [decided], dropped: 0 }, [item!]);
    expect(prop).toMatchObject({ pending: 0, decided: 1, items: [{ id: item!.id, decision: { decision: 'overridden' } }] });
  });

  it('a verdict decided in the workspace reaches Jira decided, also when Jira already has it pending', () => {
    const result = run([caseResult('c1', 'answer', [judged()])]);
    const exec = execution([{ caseId: 'c1', jiraKey: 'SHOP-2', story: 'SHOP-1' }]);
    const [pending] = judgeVerdictsForJira(exec, result);
    const decision = { id: pending!.id, decision: 'confirmed' as const, pass: false, by: 'anna', at: '2026-11-27T12:00:00Z' };
    const [decided] = judgeVerdictsForJira(exec, result, { decided: new Map([[pending!.id, decision]]) });
    expect(decided!.decision).toEqual(decision);
    const before = nextJudgeQueueProperty(undefined, [pending!]);
    expect(before).toMatchObject({ pending: 1, decided: 0 });
    expect(nextJudgeQueueProperty(before, [decided!])).toMatchObject({ pending: 0, decided: 1, items: [{ decision }] });
  });
});
