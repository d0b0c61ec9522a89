import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContinuousRuns } from './continuous-runs.js';

describe('ContinuousRuns', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function harness() {
    const runs: string[][] = [];
    let finish: (() => void) | undefined;
    const scheduler = new ContinuousRuns<string>(
      (keys) =>
        new Promise<void>((resolve) => {
          runs.push([...keys].sort());
          finish = resolve;
        }),
      500,
    );
    return { runs, scheduler, finish: () => finish?.() };
  }

  it('makes one run of a burst of saves, after the burst', async () => {
    const { runs, scheduler } = harness();
    for (let i = 0; i < 5; i++) {
      scheduler.saved(i % 2 ? 'a.cases.yaml' : 'b.cases.yaml');
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toEqual([['a.cases.yaml', 'b.cases.yaml']]);
  });

  it('never starts a run while one is in flight; saves during it make exactly one more run after it', async () => {
    const { runs, scheduler, finish } = harness();
    scheduler.saved('a.cases.yaml');
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toHaveLength(1);
    expect(scheduler.running).toBe(true);
    scheduler.saved('a.cases.yaml');
    scheduler.saved('c.cases.yaml');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toHaveLength(1); // still the first run
    finish();
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toEqual([['a.cases.yaml'], ['a.cases.yaml', 'c.cases.yaml']]);
    finish();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toHaveLength(2);
  });

  it('runs nothing once disposed', async () => {
    const { runs, scheduler } = harness();
    scheduler.saved('a.cases.yaml');
    scheduler.dispose();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(runs).toEqual([]);
  });
});
