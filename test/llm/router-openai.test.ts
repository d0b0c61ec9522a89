// The router over the real `openai` SDK against a local server speaking OpenAI chat
// completions (shapes: https://platform.openai.com/docs/api-reference/chat/create; see
// test/servers/openai-server.ts for every page the server follows).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  CasewrightError,
  LlmCallError,
  OfflineModeError,
  RetryError,
  StructuredOutputError,
  UnknownModelError,
  createRouter,
  type LlmConfig,
} from '@casewright/core';
import { startOpenAIServer, type LocalServer } from '../servers/openai-server.js';

const KEY = 'sk-test-0123456789abcdef';
let primary: LocalServer;
let backup: LocalServer;

beforeAll(async () => {
  primary = await startOpenAIServer();
  backup = await startOpenAIServer({ handler: () => 'from backup' });
});
afterAll(async () => {
  await primary.close();
  await backup.close();
});
beforeEach(() => {
  for (const s of [primary, backup]) {
    s.setScenario('ok');
    s.requests.length = 0;
  }
  primary.setHandler((chat) =>
    chat.jsonSchema
      ? { title: 'Refund after 20 days', steps: ['open orders', 'ask for refund'] }
      : `echo: ${chat.messages.at(-1)?.content}`,
  );
  backup.setHandler(() => 'from backup');
});

function config(extra: Partial<LlmConfig> = {}): LlmConfig {
  return {
    providers: {
      openai: { type: 'openai', baseURL: `${primary.url}/v1` },
      backup: { type: 'openai-compatible', baseURL: `${backup.url}/v1` },
    },
    models: { smart: { model: 'openai:gpt-4.1-mini', fallback: ['backup:llama3.1:8b'] } },
    router: { initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 2_000 },
    ...extra,
  };
}
const env = { OPENAI_API_KEY: KEY };
const messages = [{ role: 'user' as const, content: 'Can I return shoes after 20 days?' }];
const CaseSchema = z.object({ title: z.string(), steps: z.array(z.string()).min(1) });

describe('createRouter with an OpenAI-compatible provider', () => {
  it('answers text with usage, cost and the answering model', async () => {
    const router = createRouter(config(), { env });
    const result = await router.generateText({ model: 'openai:gpt-4.1-mini', messages, temperature: 0 });
    expect(result.text).toBe('echo: Can I return shoes after 20 days?');
    expect(result).toMatchObject({ model: 'openai:gpt-4.1-mini', attempts: 1, cached: false, finishReason: 'stop' });
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    // gpt-4.1-mini: $0.40 in / $1.60 out per 1M tokens.
    expect(result.cost).toBeCloseTo((result.usage.inputTokens * 0.4 + result.usage.outputTokens * 1.6) / 1e6, 12);
    const sent = primary.requests[0];
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.body).toMatchObject({ model: 'gpt-4.1-mini', messages, temperature: 0 });
    expect(router.stats()).toMatchObject({ calls: 1, successes: 1, attempts: 1 });
  });

  it('sends a zod schema as response_format json_schema and returns the validated object', async () => {
    const router = createRouter(config(), { env });
    const result = await router.generateObject({ model: 'openai:gpt-4.1-mini', messages, schema: CaseSchema, schemaName: 'test_case' });
    expect(result.object).toEqual({ title: 'Refund after 20 days', steps: ['open orders', 'ask for refund'] });
    const format = (
      primary.requests[0]?.body as {
        response_format: { type: string; json_schema: { name: string; strict: boolean; schema: Record<string, unknown> } };
      }
    ).response_format;
    expect(format.type).toBe('json_schema');
    expect(format.json_schema).toMatchObject({
      name: 'test_case',
      strict: true,
      schema: { type: 'object', required: ['title', 'steps'], additionalProperties: false },
    });
    expect(format.json_schema.schema).not.toHaveProperty('$schema');
  });

  it.each(['invalid-json', 'wrong-shape'] as const)('repairs %s once, telling the model what was wrong', async (scenario) => {
    primary.setScenario([scenario]);
    const router = createRouter(config(), { env });
    const result = await router.generateObject({ model: 'openai:gpt-4.1-mini', messages, schema: CaseSchema, schemaName: 'test_case' });
    expect(result.object.title).toBe('Refund after 20 days');
    expect(result.attempts).toBe(2);
    expect(primary.requests).toHaveLength(2);
    const repair = (primary.requests[1]?.body as { messages: Array<{ role: string; content: string }> }).messages;
    expect(repair.at(-2)?.role).toBe('assistant');
    expect(repair.at(-1)?.content).toMatch(/not valid 'test_case' JSON/);
    expect(result.warnings.some((w) => w.startsWith('repaired invalid JSON'))).toBe(true);
  });

  it('sends the repair to the model that gave the bad answer, not back to the head of the chain', async () => {
    primary.setScenario('unavailable');
    backup.setScenario(['invalid-json']);
    backup.setHandler((chat) => (chat.jsonSchema ? { title: 'from backup', steps: ['one'] } : 'from backup'));
    const router = createRouter(config(), { env });
    const result = await router.generateObject({ model: 'smart', messages, schema: CaseSchema, schemaName: 'test_case' });
    expect(result).toMatchObject({ model: 'backup:llama3.1:8b', object: { title: 'from backup' } });
    expect(primary.requests).toHaveLength(2);
    expect(backup.requests).toHaveLength(2);
  });

  it('gives up after one repair with a StructuredOutputError that keeps the raw text', async () => {
    primary.setScenario('invalid-json');
    const router = createRouter(config(), { env });
    const error = await router
      .generateObject({ model: 'openai:gpt-4.1-mini', messages, schema: CaseSchema, schemaName: 'test_case' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StructuredOutputError);
    expect((error as StructuredOutputError).text).toBe('{"this is": not json');
    expect((error as StructuredOutputError).message).toMatch(/invalid JSON/);
    expect(error).toMatchObject({ attempts: 2 });
    expect((error as StructuredOutputError).cost).toBeGreaterThan(0);
    expect(primary.requests).toHaveLength(2);
  });

  it.each([
    ['rate-limit-ms', 'retry-after-ms'],
    ['server-error', '500'],
    ['malformed', 'a body that is not JSON'],
  ] as const)('retries %s (%s) on the same model and succeeds', async (scenario, _what) => {
    primary.setScenario([scenario]);
    const router = createRouter(config(), { env });
    const result = await router.generateText({ model: 'smart', messages });
    expect(result).toMatchObject({ model: 'openai:gpt-4.1-mini', attempts: 2 });
    expect(primary.requests.map((r) => r.scenario)).toEqual([scenario, 'ok']);
    expect(backup.requests).toHaveLength(0);
  });

  it('waits as long as Retry-After says before retrying', async () => {
    primary.setScenario(['rate-limit']); // Retry-After: 1 (second)
    const router = createRouter(config(), { env });
    const started = Date.now();
    const result = await router.generateText({ model: 'openai:gpt-4.1-mini', messages });
    expect(result.attempts).toBe(2);
    // The backoff alone would be ≤ 20 ms; only the header explains a one-second wait.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('falls back to the next model after repeated retryable failures', async () => {
    primary.setScenario('unavailable');
    const router = createRouter(config(), { env });
    const result = await router.generateText({ model: 'smart', messages });
    expect(result).toMatchObject({ model: 'backup:llama3.1:8b', text: 'from backup', attempts: 3 });
    expect(primary.requests).toHaveLength(2);
    expect((backup.requests[0]?.body as { model: string }).model).toBe('llama3.1:8b');
  });

  it('times out a slow model per attempt and falls back', async () => {
    primary.setScenario('slow');
    // Only the slow provider gets the short timeout, so a busy machine cannot time out the backup too.
    const cfg = config();
    const router = createRouter(
      { ...cfg, providers: { ...cfg.providers, openai: { type: 'openai', baseURL: `${primary.url}/v1`, timeoutMs: 150 } } },
      { env },
    );
    const result = await router.generateText({ model: 'smart', messages });
    expect(result.model).toBe('backup:llama3.1:8b');
    expect(primary.requests[0]?.scenario).toBe('slow');
  });

  it("ends a call mid-answer when the router's total time budget runs out, without trying the fallback", async () => {
    // The provider SDK loads on first use; load it first, so the budget below is spent waiting for the model.
    await createRouter(config(), { env }).generateText({ model: 'smart', messages });
    const before = primary.requests.length;
    primary.setScenario('slow'); // answers after 5 s
    const router = createRouter(config({ router: { initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 10_000, totalTimeoutMs: 1_500 } }), {
      env,
    });
    const error = await router.generateText({ model: 'smart', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryError);
    expect(error).toMatchObject({ reason: 'deadline' });
    expect((error as RetryError).message).toContain('the time budget for these calls ran out after 1 attempt');
    expect(primary.requests.slice(before).map((r) => r.scenario)).toEqual(['slow']);
    expect(backup.requests).toHaveLength(0);
  });

  it('does not wait for a Retry-After that ends past the budget', async () => {
    await createRouter(config(), { env }).generateText({ model: 'smart', messages }); // loads the SDK
    const before = primary.requests.length;
    primary.setScenario('rate-limit'); // Retry-After: 1 (second)
    const router = createRouter(
      {
        providers: { openai: { type: 'openai', baseURL: `${primary.url}/v1` } },
        router: { initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 2_000, totalTimeoutMs: 900 },
      },
      { env },
    );
    const error = await router.generateText({ model: 'openai:gpt-4.1-mini', messages }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'deadline' });
    expect((error as RetryError).lastError).toMatchObject({ status: 429 });
    expect(primary.requests.length - before).toBe(1);
  });

  it('counts the budget from the router’s creation: a router past its deadline sends nothing', async () => {
    let clock = 1_000_000;
    const router = createRouter(config({ router: { totalTimeoutMs: 60_000 } }), { env, now: () => clock });
    clock += 61_000;
    const error = await router.generateText({ model: 'smart', messages }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'deadline' });
    expect(primary.requests).toHaveLength(0);
  });

  it('surfaces 401 at once without fallback, naming the provider and the key source but never the key', async () => {
    primary.setScenario('unauthorized');
    const router = createRouter(config(), { env });
    const error = await router.generateText({ model: 'smart', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmCallError);
    const e = error as LlmCallError;
    expect(e).toMatchObject({ provider: 'openai', status: 401, kind: 'auth', isRetryable: false });
    expect(e.message).toContain('openai:gpt-4.1-mini answered HTTP 401');
    expect(e.message).toContain('environment variable OPENAI_API_KEY');
    expect(JSON.stringify(e)).not.toContain(KEY);
    expect(e.message).not.toContain(KEY);
    expect(e.body).toContain('[redacted]');
    expect(primary.requests).toHaveLength(1);
    expect(backup.requests).toHaveLength(0);
  });

  it('skips a chain member without a key, and says what to set when none has one', async () => {
    const router = createRouter(config({ models: { chain: { model: 'anthropic:claude-haiku-4-5', fallback: ['openai:gpt-4.1-mini'] } } }), {
      env,
    });
    const result = await router.generateText({ model: 'chain', messages });
    expect(result.model).toBe('openai:gpt-4.1-mini');
    expect(result.warnings).toContain('skipped anthropic:claude-haiku-4-5: no API key');
    const none = await createRouter(config(), { env: {} })
      .generateText({ model: 'openai:gpt-4.1-mini', messages })
      .catch((e: unknown) => e);
    expect(none).toBeInstanceOf(LlmCallError);
    expect((none as Error).message).toBe(
      "no API key for provider 'openai': set OPENAI_API_KEY, or run `casewright keys set openai` (see docs/providers.md)",
    );
    expect(primary.requests).toHaveLength(1);
  });

  it('does not retry an account without quota', async () => {
    primary.setScenario('no-quota');
    const router = createRouter(config(), { env });
    const error = await router.generateText({ model: 'smart', messages }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'quota', status: 429, isRetryable: false });
    expect(primary.requests).toHaveLength(1);
  });

  it('ends with a RetryError holding every attempt when all models keep failing', async () => {
    primary.setScenario('server-error');
    backup.setScenario('server-error');
    const router = createRouter(config(), { env });
    const error = await router.generateText({ model: 'smart', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryError);
    expect(error).toMatchObject({ reason: 'fallbacks-exhausted' });
    expect((error as RetryError).errors).toHaveLength(4); // 1 + maxRetries (3)
    expect((error as RetryError).lastError).toMatchObject({ provider: 'backup', status: 500 });
  });

  it('stops when the caller aborts', async () => {
    primary.setScenario('slow');
    const router = createRouter(config(), { env });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await router.generateText({ model: 'smart', messages, abortSignal: controller.signal }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'aborted' });
    expect(backup.requests).toHaveLength(0);
  });

  it('lists what is available for an unknown model or provider', async () => {
    const router = createRouter(config(), { env });
    await expect(router.generateText({ model: 'nope:gpt', messages })).rejects.toThrow(UnknownModelError);
    await expect(router.generateText({ model: 'smrt', messages })).rejects.toThrow(
      /unknown model 'smrt'.*available: smart, .*openai:<model>/,
    );
  });

  it('keeps at most maxConcurrency calls in flight per provider', async () => {
    let inFlight = 0;
    let peak = 0;
    primary.setHandler(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 100));
      inFlight--;
      return 'ok';
    });
    const router = createRouter(config({ providers: { openai: { type: 'openai', baseURL: `${primary.url}/v1`, maxConcurrency: 2 } } }), {
      env,
    });
    await Promise.all(Array.from({ length: 6 }, () => router.generateText({ model: 'openai:gpt-4.1-mini', messages })));
    expect(peak).toBe(2);
  });

  it('streams deltas and ends with usage and cost', async () => {
    primary.setHandler(() => 'a streamed answer that spans several chunks');
    const router = createRouter(config(), { env });
    const deltas: string[] = [];
    let finish;
    for await (const part of router.streamText({ model: 'openai:gpt-4.1-mini', messages })) {
      if (part.type === 'text-delta') deltas.push(part.text);
      else finish = part.result;
    }
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.join('')).toBe('a streamed answer that spans several chunks');
    expect(finish).toMatchObject({ text: 'a streamed answer that spans several chunks', attempts: 1 });
    expect(finish?.usage.outputTokens).toBeGreaterThan(0);
    expect(finish?.cost).toBeGreaterThan(0);
    expect((primary.requests[0]?.body as Record<string, unknown>).stream_options).toEqual({ include_usage: true });
  });

  it('retries a stream that fails before its first delta, and fails one cut after it', async () => {
    primary.setScenario(['server-error']);
    const router = createRouter(config(), { env });
    let text = '';
    for await (const part of router.streamText({ model: 'openai:gpt-4.1-mini', messages }))
      if (part.type === 'text-delta') text += part.text;
    expect(text).toBe('echo: Can I return shoes after 20 days?');

    primary.setScenario('cut-stream');
    const parts: string[] = [];
    const error = await (async () => {
      for await (const part of router.streamText({ model: 'openai:gpt-4.1-mini', messages }))
        if (part.type === 'text-delta') parts.push(part.text);
    })().catch((e: unknown) => e);
    expect(parts.length).toBe(1);
    expect(CasewrightError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'LLM_CALL', kind: 'connection' });
  });
});

describe('streams the caller stops', () => {
  it('ends a stream when the caller aborts mid-way, and frees it when the caller breaks', async () => {
    const slow = await startOpenAIServer({ chunkDelayMs: 30, handler: () => 'x'.repeat(80) });
    try {
      const router = createRouter({ providers: { openai: { type: 'openai', baseURL: `${slow.url}/v1` } } }, { env });
      const controller = new AbortController();
      let deltas = 0;
      const error = await (async () => {
        for await (const part of router.streamText({ model: 'openai:gpt-4.1-mini', messages, abortSignal: controller.signal })) {
          if (part.type === 'text-delta' && ++deltas === 1) controller.abort();
        }
      })().catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'LLM_RETRY', reason: 'aborted' });
      expect(deltas).toBeLessThan(10);

      let seen = 0;
      for await (const part of router.streamText({ model: 'openai:gpt-4.1-mini', messages })) {
        if (part.type === 'text-delta' && ++seen === 2) break;
      }
      expect(router.stats()).toMatchObject({ calls: 2, successes: 0, failures: 2 });
    } finally {
      await slow.close();
    }
  });
});

describe('offline mode', () => {
  it('resolves to offline when no key is configured and says how to add one', async () => {
    const router = createRouter({}, { env: {} });
    expect(router.isOffline()).toBe(true);
    expect(router.defaultModel('generate')).toBe('offline:rules');
    const error = await router.generateText({ model: router.defaultModel() ?? '', messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OfflineModeError);
    expect((error as Error).message).toMatch(/OPENAI_API_KEY.*casewright keys set <provider>/);
  });

  it('picks the first provider with a key as the default', () => {
    const router = createRouter({}, { env: { ANTHROPIC_API_KEY: 'sk-ant-xxxxxxxxxxxx' } });
    expect(router.isOffline()).toBe(false);
    expect(router.defaultModel('judge')).toBe('anthropic:claude-haiku-4-5');
    expect(router.isOffline('openai:gpt-4.1-mini')).toBe(true);
  });

  it('considers configured providers with their own key variable', () => {
    const router = createRouter(
      { providers: { work: { type: 'openai', apiKeyEnv: 'WORK_KEY' } } },
      { env: { WORK_KEY: 'sk-work-000000000000' } },
    );
    expect(router.defaultModel()).toBe('work:gpt-4.1-mini');
    expect(router.isOffline()).toBe(false);
  });

  it('uses the alias named for the purpose', () => {
    const router = createRouter(config({ models: { judge: 'openai:gpt-4.1', default: 'backup:qwen' } }), { env: {} });
    expect(router.defaultModel('judge')).toBe('judge');
    expect(router.defaultModel('generate')).toBe('default');
    // A keyless OpenAI-compatible server (Ollama) is not offline.
    expect(router.isOffline()).toBe(false);
    expect(router.isOffline('judge')).toBe(true);
  });
});
