import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff.js';
import { createCoolDown } from './cool-down.js';
import { createConcurrencyLimiter } from './concurrency-limiter.js';

describe('backoffDelay', () => {
  it('doubles per retry, caps at maxDelayMs, and jitters within [base/2, base]', () => {
    const opts = { initialDelayMs: 100, maxDelayMs: 1000 };
    expect([0, 1, 2, 3, 4].map((r) => backoffDelay(r, { ...opts, random: () => 1 }))).toEqual([100, 200, 400, 800, 1000]);
    expect([0, 1, 2, 3, 4].map((r) => backoffDelay(r, { ...opts, random: () => 0 }))).toEqual([50, 100, 200, 400, 500]);
  });

  it('sleep rejects with the abort reason', async () => {
    const controller = new AbortController();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
  });
});

describe('createCoolDown', () => {
  it('cools a model after N consecutive failures, then lets one try through (half-open)', () => {
    let t = 0;
    const cd = createCoolDown({ threshold: 3, coolDownMs: 1000, now: () => t });
    cd.failure('a');
    cd.failure('a');
    expect(cd.isCooling('a')).toBe(false);
    cd.failure('a');
    expect(cd.isCooling('a')).toBe(true);
    t = 1000;
    expect(cd.isCooling('a')).toBe(false);
    cd.failure('a'); // one more failure after the pause cools it again
    expect(cd.isCooling('a')).toBe(true);
    t = 2000;
    expect(cd.isCooling('a')).toBe(false);
    cd.success('a');
    cd.failure('a');
    expect(cd.isCooling('a')).toBe(false);
  });
});

describe('createConcurrencyLimiter', () => {
  it('runs at most `limit` at once, in order, and frees a waiter that aborts', async () => {
    const limiter = createConcurrencyLimiter(2);
    const order: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const runs = [1, 2, 3, 4].map((n) =>
      limiter.run(async () => {
        order.push(n);
        await gate;
      }),
    );
    await Promise.resolve();
    expect(limiter.active).toBe(2);
    expect(limiter.waiting).toBe(2);
    const controller = new AbortController();
    const aborted = limiter.run(async () => order.push(99), controller.signal);
    controller.abort(new Error('gone'));
    await expect(aborted).rejects.toThrow('gone');
    release();
    await Promise.all(runs);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(limiter.active).toBe(0);
  });
});
