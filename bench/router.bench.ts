// `npm run bench:router`: the router under faults, and its overhead over the bare SDK.
//
// 1. Faults: 2,000 calls over two providers (OpenAI chat completions, then Anthropic
//    messages as the fallback), each local server injecting 30% faults of mixed kinds
//    (429 with retry-after-ms, 500, 503/529, slow past the timeout, malformed JSON, a
//    body cut mid-way), seeded so runs are comparable. Reports completionRate,
//    attemptsMean, attemptsMax (goal ≤ 1 + retries) and costExact (each successful call
//    priced exactly once: per result, in the run totals and in the spend ledger).
// 2. Overhead: the same small call, sequentially and interleaved, through the bare
//    `openai` SDK client and through the router, to the same fault-free server; the
//    baseline is the bare SDK call measured in the same run.
// 3. The router's own CPU cost per call, with an in-process model that answers at once
//    (no network), to tell the router's cost from network noise on a busy machine.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { createRouter, type RoutedResult } from '@casewright/core';
import { createMemoryLedger, monthOf } from '../core/src/llm/budget.js';
import { createPriceTable } from '../core/src/llm/prices.js';
import { startAnthropicServer } from '../test/servers/anthropic-server.js';
import { startOpenAIServer } from '../test/servers/openai-server.js';
import { tokens, type Scenario } from '../test/servers/server-kit.js';

const CALLS = 2_000;
const CONCURRENCY = 16;
const FAULT_RATE = 0.3;
const FAULTS: Scenario[] = ['rate-limit-ms', 'server-error', 'unavailable', 'slow', 'malformed', 'cut-stream'];
const RETRIES = 8;
const TIMEOUT_MS = 1_000;
const OVERHEAD_SAMPLES = 2_000;
const WARMUP = 200;
const REPLY = 'The refund window is 30 days.';

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};
const round = (n: number, d = 4) => Math.round(n * 10 ** d) / 10 ** d;

async function faultRun() {
  const primary = await startOpenAIServer({
    handler: () => REPLY,
    faults: { rate: FAULT_RATE, kinds: FAULTS, seed: 1 },
    slowMs: 3_000,
    retryAfterMs: 5,
    record: false,
  });
  const secondary = await startAnthropicServer({
    handler: () => REPLY,
    faults: { rate: FAULT_RATE, kinds: FAULTS, seed: 2 },
    slowMs: 3_000,
    retryAfterMs: 5,
    record: false,
  });
  const ledger = createMemoryLedger();
  const router = createRouter(
    {
      providers: { openai: { type: 'openai', baseURL: `${primary.url}/v1` }, anthropic: { type: 'anthropic', baseURL: secondary.url } },
      models: { chain: { model: 'openai:gpt-4.1-mini', fallback: ['anthropic:claude-haiku-4-5'] } },
      router: { maxRetries: RETRIES, initialDelayMs: 2, maxDelayMs: 20, timeoutMs: TIMEOUT_MS },
      budgets: { monthlyUsd: 1_000 },
    },
    { env: { OPENAI_API_KEY: 'sk-bench-openai-000000', ANTHROPIC_API_KEY: 'sk-bench-anthropic-000000' }, ledger },
  );
  const results: RoutedResult[] = [];
  const failures: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CALLS) {
        const i = next++;
        const messages = [{ role: 'user' as const, content: `Question ${i}: how long is the refund window?` }];
        try {
          results.push(await router.generateText({ model: 'chain', messages, maxOutputTokens: 50 }));
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
        }
      }
    }),
  );
  const durationMs = performance.now() - started;
  await primary.close();
  await secondary.close();

  // Independent expectation: the servers count ~4 characters a token; price each success once.
  const prices = createPriceTable();
  let expectedTotal = 0;
  let perResultExact = true;
  for (const r of results) {
    const [provider = '', model = ''] = [r.model.slice(0, r.model.indexOf(':')), r.model.slice(r.model.indexOf(':') + 1)];
    const usage = { inputTokens: r.usage.inputTokens, outputTokens: tokens(REPLY) };
    const expected = prices.cost(provider, model, usage).usd;
    if (r.usage.outputTokens !== tokens(REPLY) || Math.abs(expected - r.cost) > 1e-12) perResultExact = false;
    expectedTotal += expected;
  }
  const stats = router.stats();
  const ledgerTotal = await ledger.spent('default', monthOf(Date.now()));
  const costExact =
    perResultExact &&
    Math.abs(stats.costUsd - expectedTotal) < 1e-9 &&
    Math.abs(ledgerTotal - expectedTotal) < 1e-9 &&
    stats.successes === results.length;
  const attempts = results.map((r) => r.attempts);
  return {
    completionRate: results.length / CALLS,
    attemptsMean: attempts.reduce((a, b) => a + b, 0) / Math.max(1, attempts.length),
    attemptsMax: Math.max(...attempts),
    attemptsP99: percentile(attempts, 99),
    answeredBy: stats.costByModel,
    costExact,
    costUsd: stats.costUsd,
    failures: failures.slice(0, 3),
    faultRunMs: durationMs,
  };
}

async function overheadRun() {
  const server = await startOpenAIServer({ handler: () => REPLY, record: false });
  const baseURL = `${server.url}/v1`;
  const key = 'sk-bench-overhead-000000';
  const bare = new OpenAI({ apiKey: key, baseURL, maxRetries: 0 });
  const router = createRouter({ providers: { openai: { type: 'openai', baseURL } } }, { env: { OPENAI_API_KEY: key } });
  const messages = [{ role: 'user' as const, content: 'How long is the refund window?' }];
  const callBare = () => bare.chat.completions.create({ model: 'gpt-4.1-mini', messages, max_completion_tokens: 50 });
  const callRouter = () => router.generateText({ model: 'openai:gpt-4.1-mini', messages, maxOutputTokens: 50 });
  for (let i = 0; i < WARMUP; i++) {
    await callBare();
    await callRouter();
  }
  const bareMs: number[] = [];
  const routerMs: number[] = [];
  const diffs: number[] = [];
  for (let i = 0; i < OVERHEAD_SAMPLES; i++) {
    // Alternate the order so neither side always runs on a warmer connection.
    const order = i % 2 === 0 ? ['bare', 'router'] : ['router', 'bare'];
    const t: Record<string, number> = {};
    for (const which of order) {
      const s = performance.now();
      await (which === 'bare' ? callBare() : callRouter());
      t[which] = performance.now() - s;
    }
    bareMs.push(t.bare as number);
    routerMs.push(t.router as number);
    diffs.push((t.router as number) - (t.bare as number));
  }
  await server.close();
  const bareP50 = percentile(bareMs, 50);
  const routerP50 = percentile(routerMs, 50);
  // The added time per call is the median of per-pair differences (router minus bare, run
  // back to back): pairing cancels the drift of a shared machine's load between samples.
  return {
    baselineP50Ms: bareP50,
    routerP50Ms: routerP50,
    overheadP50Ms: percentile(diffs, 50),
    p50DifferenceMs: routerP50 - bareP50,
    ratio: routerP50 / bareP50,
  };
}

async function routerOnlyRun(): Promise<number> {
  const router = createRouter(
    {},
    {
      env: { OPENAI_API_KEY: 'sk-bench-inprocess-000000' },
      providerFactory: ({ name }) => ({
        name,
        type: 'openai',
        languageModel: (modelId) => ({
          provider: name,
          modelId,
          generate: async () => ({ text: REPLY, finishReason: 'stop', usage: { inputTokens: 12, outputTokens: 8 }, warnings: [] }),
        }),
      }),
    },
  );
  const messages = [{ role: 'user' as const, content: 'How long is the refund window?' }];
  const call = () => router.generateText({ model: 'openai:gpt-4.1-mini', messages, maxOutputTokens: 50 });
  for (let i = 0; i < 5_000; i++) await call();
  const n = 20_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) await call();
  return (performance.now() - started) / n;
}

const faults = await faultRun();
const overhead = await overheadRun();
const routerOnlyMs = await routerOnlyRun();
const date = new Date().toISOString().slice(0, 10);
const result = {
  name: 'router',
  date,
  node: process.version,
  setup: {
    calls: CALLS,
    concurrency: CONCURRENCY,
    providers: ['openai (primary)', 'anthropic (fallback)'],
    faultRate: FAULT_RATE,
    faultKinds: FAULTS,
    retries: RETRIES,
    timeoutMs: TIMEOUT_MS,
    overheadSamples: OVERHEAD_SAMPLES,
  },
  completionRate: round(faults.completionRate, 6),
  attemptsMean: round(faults.attemptsMean),
  attemptsMax: faults.attemptsMax,
  attemptsP99: faults.attemptsP99,
  costExact: faults.costExact,
  costUsd: round(faults.costUsd, 8),
  answeredBy: Object.fromEntries(Object.entries(faults.answeredBy).map(([k, v]) => [k, round(v, 8)])),
  overheadP50Ms: round(overhead.overheadP50Ms),
  p50DifferenceMs: round(overhead.p50DifferenceMs),
  baselineP50Ms: round(overhead.baselineP50Ms),
  routerP50Ms: round(overhead.routerP50Ms),
  ratioToBaseline: round(overhead.ratio),
  routerOnlyMsPerCall: round(routerOnlyMs),
  faultRunMs: Math.round(faults.faultRunMs),
  failures: faults.failures,
  goals: {
    completionRate: faults.completionRate === 1,
    attemptsMean: faults.attemptsMean <= 1.5,
    attemptsMax: faults.attemptsMax <= 1 + RETRIES,
    costExact: faults.costExact,
    overheadP50Ms: overhead.overheadP50Ms <= 0.2,
  },
};
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', `router-${date}.json`);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
