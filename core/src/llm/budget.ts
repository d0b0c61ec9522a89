/**
 * Monthly LLM budgets per org. Before a call the router checks spent + estimate against
 * the limit; after it records the actual cost. Once the actual spend reaches the limit,
 * the next call is refused with `BudgetExceededError` (phase `actual`).
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../model/atomic-write.js';
import type { BudgetsConfig } from '../config/llm-config.js';
import { BudgetExceededError } from '../errors/budget-exceeded-error.js';

/** Where spend is kept: in memory for tests and servers, a JSON file for the CLI. */
export interface BudgetLedger {
  spent(org: string, month: string): Promise<number>;
  add(org: string, month: string, usd: number): Promise<void>;
}

export function createMemoryLedger(): BudgetLedger {
  const totals = new Map<string, number>();
  return {
    spent: async (org, month) => totals.get(`${org}\u0000${month}`) ?? 0,
    add: async (org, month, usd) => {
      const key = `${org}\u0000${month}`;
      totals.set(key, (totals.get(key) ?? 0) + usd);
    },
  };
}

/** A ledger in one JSON file (`{ "<org>": { "<YYYY-MM>": usd } }`), written atomically. */
export function createFileLedger(file: string): BudgetLedger {
  let data: Record<string, Record<string, number>> | undefined;
  let writing: Promise<void> = Promise.resolve();
  async function load(): Promise<Record<string, Record<string, number>>> {
    if (data) return data;
    try {
      data = JSON.parse(await readFile(file, 'utf8')) as Record<string, Record<string, number>>;
    } catch {
      data = {};
    }
    return data;
  }
  return {
    async spent(org, month) {
      return (await load())[org]?.[month] ?? 0;
    },
    async add(org, month, usd) {
      const d = await load();
      const byMonth = (d[org] ??= {});
      byMonth[month] = (byMonth[month] ?? 0) + usd;
      const snapshot = JSON.stringify(d, null, 2);
      writing = writing.then(async () => {
        await writeFileAtomic(file, snapshot);
      });
      await writing;
    },
  };
}

/** `YYYY-MM` in UTC. */
export function monthOf(time: number): string {
  return new Date(time).toISOString().slice(0, 7);
}

export interface BudgetGuard {
  /** Throws `BudgetExceededError` when the org is out of budget or the estimate would exceed it. */
  check(org: string, estimateUsd: number): Promise<void>;
  record(org: string, usd: number): Promise<void>;
  limitFor(org: string): number | undefined;
}

export function createBudgetGuard(config: BudgetsConfig | undefined, ledger: BudgetLedger, now: () => number = Date.now): BudgetGuard {
  const limitFor = (org: string) => config?.orgs?.[org]?.monthlyUsd ?? config?.monthlyUsd;
  return {
    limitFor,
    async check(org, estimateUsd) {
      const limit = limitFor(org);
      if (limit === undefined) return;
      const month = monthOf(now());
      const spent = await ledger.spent(org, month);
      if (spent >= limit) throw new BudgetExceededError({ org, month, limitUsd: limit, spentUsd: spent, requestedUsd: 0, phase: 'actual' });
      if (spent + estimateUsd > limit)
        throw new BudgetExceededError({ org, month, limitUsd: limit, spentUsd: spent, requestedUsd: estimateUsd, phase: 'estimate' });
    },
    async record(org, usd) {
      // Spend is kept only where a budget applies (run totals live in router.stats()).
      if (usd > 0 && limitFor(org) !== undefined) await ledger.add(org, monthOf(now()), usd);
    },
  };
}
