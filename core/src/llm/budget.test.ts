import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BudgetExceededError } from '../errors/budget-exceeded-error.js';
import { createBudgetGuard, createFileLedger, createMemoryLedger, monthOf } from './budget.js';

describe('createBudgetGuard', () => {
  it('refuses a call whose estimate would cross the limit, then one after the limit is spent', async () => {
    let t = Date.parse('2026-11-15T12:00:00Z');
    const guard = createBudgetGuard({ monthlyUsd: 1, orgs: { big: { monthlyUsd: 100 } } }, createMemoryLedger(), () => t);
    await guard.check('acme', 0.5);
    await guard.record('acme', 0.7);
    const estimate = await guard.check('acme', 0.5).catch((e: unknown) => e);
    expect(estimate).toBeInstanceOf(BudgetExceededError);
    expect(estimate).toMatchObject({ phase: 'estimate', org: 'acme', month: '2026-11', limitUsd: 1, spentUsd: 0.7, requestedUsd: 0.5 });
    await guard.check('acme', 0.2);
    await guard.record('acme', 0.4); // the actual answer cost more than estimated
    const actual = await guard.check('acme', 0).catch((e: unknown) => e);
    expect(actual).toMatchObject({ phase: 'actual', spentUsd: 1.1 });
    expect((actual as Error).message).toContain("monthly LLM budget of $1.0000 for org 'acme' (2026-11) is exhausted");
    // Another org has its own budget; a new month starts from zero.
    await guard.check('big', 50);
    t = Date.parse('2026-12-01T00:00:00Z');
    await guard.check('acme', 0.5);
  });

  it('checks nothing without a budget', async () => {
    const guard = createBudgetGuard(undefined, createMemoryLedger());
    await guard.check('x', 1e9);
    expect(guard.limitFor('x')).toBeUndefined();
  });
});

describe('createFileLedger', () => {
  it('keeps spend per org and month across instances', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ledger-')), 'sub', 'spend.json');
    const a = createFileLedger(file);
    await a.add('acme', '2026-11', 0.25);
    await Promise.all([a.add('acme', '2026-11', 0.25), a.add('other', '2026-11', 1)]);
    const b = createFileLedger(file);
    expect(await b.spent('acme', '2026-11')).toBe(0.5);
    expect(await b.spent('acme', '2026-10')).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ acme: { '2026-11': 0.5 }, other: { '2026-11': 1 } });
    expect(monthOf(Date.parse('2026-01-31T23:59:59Z'))).toBe('2026-01');
  });
});
