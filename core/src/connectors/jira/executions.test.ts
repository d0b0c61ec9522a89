import { describe, expect, it } from 'vitest';
import { countFlips, nextRunProperty, nextStoryProperty, storyCoverage, RUN_HISTORY_CAP, type StoryCaseState } from './executions.js';

const at = (i: number) => new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString();

describe('a case’s casewright-run history', () => {
  it('keeps the last outcome where the panel reads it and caps the history at 30, counting every run', () => {
    let prop: unknown = { outcome: 'passed', runAt: '2026-10-01T00:00:00.000Z' }; // the old shape, before executions
    for (let i = 0; i < 35; i++)
      prop = nextRunProperty(prop, { id: `e${i}`, finishedAt: at(i) }, { outcome: i % 10 === 9 ? 'failed' : 'passed', durationMs: 12.4 });
    const p = prop as ReturnType<typeof nextRunProperty>;
    expect(p.outcome).toBe('passed');
    expect(p.runAt).toBe(at(34));
    expect(p.history).toHaveLength(RUN_HISTORY_CAP);
    expect(p.history![0]!.execution).toBe('e5');
    expect(p.history!.at(-1)).toEqual({ execution: 'e34', at: at(34), outcome: 'passed', durationMs: 12 });
    expect(p.runs).toBe(36); // the old last result counts as one run
    // e9, e19 and e29 failed, all within the kept history (e5..e34): two changes each.
    expect(p.flips).toBe(6);
    expect(JSON.stringify(p).length).toBeLessThan(32768);
  });

  it('an execution recorded again (another shard, a rerun) replaces its entry instead of adding one', () => {
    const one = nextRunProperty(undefined, { id: 'gha-1-1', finishedAt: at(1) }, { outcome: 'failed' });
    const two = nextRunProperty(one, { id: 'gha-1-1', finishedAt: at(2) }, { outcome: 'passed' });
    expect(two.history).toEqual([{ execution: 'gha-1-1', at: at(2), outcome: 'passed' }]);
    expect(two.runs).toBe(1);
  });

  it('counts a flaky repeat and pass/fail changes, not skips', () => {
    const h = (outcome: 'passed' | 'failed' | 'skipped', flaky = false) => ({
      execution: 'x',
      at: at(0),
      outcome,
      ...(flaky ? { flaky } : {}),
    });
    expect(countFlips([h('passed'), h('skipped'), h('passed')])).toBe(0);
    expect(countFlips([h('passed'), h('failed'), h('passed', true)])).toBe(3);
  });
});

describe('a story’s casewright-executions', () => {
  const c = (key: string, covers: string[], outcome?: 'passed' | 'failed', deprecated = false): StoryCaseState => ({
    key,
    title: key,
    covers,
    deprecated,
    run: outcome ? { outcome, runAt: at(0), flips: outcome === 'failed' ? 2 : 0 } : undefined,
  });

  it('coverage: a criterion is failing when any case covering it failed, never run when none ran; deprecated cases cover nothing', () => {
    expect(
      storyCoverage([
        c('S-2', ['AC-1', 'AC-2'], 'passed'),
        c('S-3', ['AC-2'], 'failed'),
        c('S-4', ['AC-3']),
        c('S-5', ['AC-9'], 'failed', true),
      ]),
    ).toEqual({
      covered: 3,
      passing: 1,
      failing: 1,
      neverRun: 1,
      criteria: { 'AC-1': 'passing', 'AC-2': 'failing', 'AC-3': 'never-run' },
    });
  });

  it('keeps the newest 30 summaries in time order and lists flaky cases', () => {
    let prop: unknown;
    for (let i = 40; i >= 0; i--)
      prop = nextStoryProperty(
        prop,
        { id: `e${i}`, at: at(i), source: 'ci', total: 4, passed: 3, failed: 1, errored: 0, skipped: 0, flaky: 0 },
        [c('S-2', ['AC-1'], 'passed'), c('S-3', ['AC-1'], 'failed')],
      );
    const p = prop as ReturnType<typeof nextStoryProperty>;
    expect(p.executions).toHaveLength(30);
    expect(p.executions[0]!.id).toBe('e11');
    expect(p.lastRunAt).toBe(at(40));
    expect(p.lastPassRate).toBe(0.75);
    expect(p.flaky).toEqual([{ key: 'S-3', title: 'S-3', flips: 2 }]);
  });
});
