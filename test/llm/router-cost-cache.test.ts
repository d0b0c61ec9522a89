// Cost, budgets and the response cache through the router, against the local OpenAI
// chat completions server (https://platform.openai.com/docs/api-reference/chat/create).
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BudgetExceededError, createMemoryKeyStore, createRouter, type LlmConfig } from '@casewright/core';
import { createDiskCache } from '../../core/src/llm/response-cache.js';
import { createFileLedger } from '../../core/src/llm/budget.js';
import { createRouterFromConfig } from '../../core/src/llm/router-from-config.js';
import { startOpenAIServer, type LocalServer } from '../servers/openai-server.js';

const KEY = 'sk-cost-test-1234567890';
let server: LocalServer;
beforeAll(async () => {
  server = await startOpenAIServer({ handler: (chat) => (chat.jsonSchema ? { ok: true } : 'twelve chars') });
});
afterAll(() => server.close());
beforeEach(() => {
  server.setScenario('ok');
  server.requests.length = 0;
});

const env = { OPENAI_API_KEY: KEY };
const messages = [{ role: 'user' as const, content: 'sixteen chars!!!' }]; // 4 tokens by the server's count
function config(extra: Partial<LlmConfig> = {}): LlmConfig {
  return {
    providers: { openai: { type: 'openai', baseURL: `${server.url}/v1` } },
    // $1000 per 1M tokens in and out: a call of 4 in + 3 out tokens costs $0.007.
    prices: { 'openai:priced': { input: 1000, output: 1000, asOf: '2026-11-22' } },
    router: { initialDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  };
}

describe('cost', () => {
  it('prices each call once and totals per run, org and model', async () => {
    const router = createRouter(config(), { env });
    const a = await router.generateText({ model: 'openai:priced', messages, scope: { org: 'acme' } });
    const b = await router.generateText({ model: 'openai:priced', messages, scope: { org: 'beta' } });
    expect(a.cost).toBeCloseTo(0.007, 12);
    expect(a.usage).toMatchObject({ inputTokens: 4, outputTokens: 3 });
    const stats = router.stats();
    expect(stats.costUsd).toBeCloseTo(a.cost + b.cost, 12);
    expect(stats.costByOrg).toEqual({ acme: a.cost, beta: b.cost });
    expect(stats.costByModel['openai:priced']).toBeCloseTo(0.014, 12);
  });

  it('counts a failed attempt at no cost and the retried answer once', async () => {
    server.setScenario(['server-error', 'rate-limit-ms']);
    const router = createRouter(config(), { env });
    const r = await router.generateText({ model: 'openai:priced', messages });
    expect(r.attempts).toBe(3);
    expect(r.cost).toBeCloseTo(0.007, 12);
    expect(router.stats().costUsd).toBeCloseTo(0.007, 12);
  });

  it('warns when a model has no price', async () => {
    const r = await createRouter(config(), { env }).generateText({ model: 'openai:mystery-model', messages });
    expect(r.cost).toBe(0);
    expect(r.warnings[0]).toMatch(/no price for openai:mystery-model/);
  });
});

describe('budgets', () => {
  it('refuses a call whose estimate crosses the org budget, before calling the provider', async () => {
    const router = createRouter(config({ budgets: { monthlyUsd: 0.02 } }), { env });
    await router.generateText({ model: 'openai:priced', messages, maxOutputTokens: 3 });
    await router.generateText({ model: 'openai:priced', messages, maxOutputTokens: 3 });
    const error = await router.generateText({ model: 'openai:priced', messages, maxOutputTokens: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BudgetExceededError);
    expect(error).toMatchObject({ org: 'default', phase: 'estimate', limitUsd: 0.02 });
    expect(server.requests).toHaveLength(2);
  });

  it('keeps spend in a file ledger across routers, per org', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'spend-')), 'spend.json');
    const cfg = config({ budgets: { monthlyUsd: 1, orgs: { tight: { monthlyUsd: 0.007 } } } });
    await createRouter(cfg, { env, ledger: createFileLedger(file) }).generateText({
      model: 'openai:priced',
      messages,
      maxOutputTokens: 1,
      scope: { org: 'tight' },
    });
    const error = await createRouter(cfg, { env, ledger: createFileLedger(file) })
      .generateText({ model: 'openai:priced', messages, maxOutputTokens: 1, scope: { org: 'tight' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'BudgetExceededError', org: 'tight', phase: 'actual' });
    await createRouter(cfg, { env, ledger: createFileLedger(file) }).generateText({
      model: 'openai:priced',
      messages,
      maxOutputTokens: 3,
      scope: { org: 'roomy' },
    });
  });
});

describe('response cache', () => {
  it('answers a repeated call from disk at no cost, and never stores the key', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cache-'));
    const router = createRouter(config(), { env, cache: createDiskCache(dir) });
    const first = await router.generateText({ model: 'openai:priced', messages, temperature: 0 });
    const second = await router.generateText({ model: 'openai:priced', messages, temperature: 0 });
    expect(first.cached).toBe(false);
    expect(second).toMatchObject({ cached: true, cost: 0, attempts: 0, text: 'twelve chars', model: 'openai:priced' });
    expect(server.requests).toHaveLength(1);
    expect(router.stats()).toMatchObject({ cacheHits: 1 });
    const files = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.json'));
    expect(files).toHaveLength(1);
    expect(readFileSync(path.join(dir, String(files[0])), 'utf8')).not.toContain(KEY);
  });

  it('misses on any change that shapes the answer, and on cache: false', async () => {
    const router = createRouter(config(), { env, cache: createDiskCache(mkdtempSync(path.join(tmpdir(), 'cache-'))) });
    await router.generateText({ model: 'openai:priced', messages, temperature: 0 });
    await router.generateText({ model: 'openai:priced', messages, temperature: 0.5 });
    await router.generateText({ model: 'openai:priced', messages: [{ role: 'user', content: 'other' }], temperature: 0 });
    await router.generateText({ model: 'openai:priced', messages, temperature: 0, cache: false });
    expect(server.requests).toHaveLength(4);
  });

  it('does not cache a sampling judge unless asked, but caches a temperature 0 judge', async () => {
    const router = createRouter(config(), { env, cache: createDiskCache(mkdtempSync(path.join(tmpdir(), 'cache-'))) });
    for (let i = 0; i < 2; i++) await router.generateText({ model: 'openai:priced', messages, temperature: 0.7, purpose: 'judge' });
    expect(server.requests).toHaveLength(2);
    for (let i = 0; i < 2; i++) await router.generateText({ model: 'openai:priced', messages, temperature: 0, purpose: 'judge' });
    expect(server.requests).toHaveLength(3);
  });

  it('caches only validated objects', async () => {
    const router = createRouter(config(), { env, cache: createDiskCache(mkdtempSync(path.join(tmpdir(), 'cache-'))) });
    const request = { model: 'openai:priced', messages, schema: z.object({ ok: z.boolean() }), schemaName: 'ok' };
    server.setScenario(['wrong-shape']);
    expect((await router.generateObject(request)).object).toEqual({ ok: true });
    const again = await router.generateObject(request);
    expect(again).toMatchObject({ cached: true, object: { ok: true } });
    expect(server.requests).toHaveLength(2);
  });

  it('createRouterFromConfig puts cache and ledger beside the config, and --no-cache turns the cache off', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'project-'));
    const loaded = { config: { ...config(), budgets: { monthlyUsd: 10 } }, file: path.join(dir, 'casewright.config.yaml'), dir };
    const router = await createRouterFromConfig(loaded, { env });
    await router.generateText({ model: 'openai:priced', messages, temperature: 0 });
    await router.generateText({ model: 'openai:priced', messages, temperature: 0 });
    expect(server.requests).toHaveLength(1);
    expect(readdirSync(path.join(dir, '.casewright'))).toEqual(expect.arrayContaining(['cache', 'spend.json']));
    const uncached = await createRouterFromConfig(loaded, { env, noCache: true });
    await uncached.generateText({ model: 'openai:priced', messages, temperature: 0 });
    expect(server.requests).toHaveLength(2);
  });
});

describe('createRouterFromConfig keys', () => {
  it('prefers a key in the key store over the environment', async () => {
    const keyStore = createMemoryKeyStore();
    await keyStore.set('openai', 'sk-from-the-store-0001', 'user');
    const dir = mkdtempSync(path.join(tmpdir(), 'project-'));
    const router = await createRouterFromConfig({ config: config(), file: undefined, dir }, { env, keyStore, noCache: true });
    expect(router.isOffline('openai:gpt-4.1-mini')).toBe(false);
    await router.generateText({ model: 'openai:priced', messages });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-from-the-store-0001');
  });
});
