// The router over each vendor SDK against a local server speaking that vendor's wire
// format: Anthropic Messages (https://docs.anthropic.com/en/api/messages) and Gemini
// generateContent (https://ai.google.dev/api/generate-content), plus OpenAI for parity.
// Each server file cites the pages its shapes follow.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LlmCallError, createRouter, type LlmConfig, type ProviderType } from '@casewright/core';
import { startAnthropicServer } from '../servers/anthropic-server.js';
import { startGeminiServer } from '../servers/gemini-server.js';
import { startOpenAIServer } from '../servers/openai-server.js';
import type { LocalServer } from '../servers/server-kit.js';

const KEY = 'sk-vendor-test-key-0987654321';

interface Vendor {
  name: string;
  type: ProviderType;
  model: string;
  start: typeof startOpenAIServer;
  base: (url: string) => string;
  env: string;
}

const vendors: Vendor[] = [
  { name: 'openai', type: 'openai', model: 'gpt-4.1-mini', start: startOpenAIServer, base: (u) => `${u}/v1`, env: 'OPENAI_API_KEY' },
  {
    name: 'anthropic',
    type: 'anthropic',
    model: 'claude-haiku-4-5',
    start: startAnthropicServer,
    base: (u) => u,
    env: 'ANTHROPIC_API_KEY',
  },
  { name: 'google', type: 'google', model: 'gemini-2.5-flash', start: startGeminiServer, base: (u) => u, env: 'GEMINI_API_KEY' },
];

const servers = new Map<string, LocalServer>();
beforeAll(async () => {
  for (const v of vendors) servers.set(v.name, await v.start({ retryAfterMs: 300 }));
});
afterAll(async () => {
  for (const s of servers.values()) await s.close();
});
beforeEach(() => {
  for (const s of servers.values()) {
    s.setScenario('ok');
    s.requests.length = 0;
    s.setHandler((chat) => (chat.jsonSchema ? { answer: 'yes', confidence: 0.9 } : `hello from ${chat.model}`));
  }
});

function routerFor(v: Vendor) {
  const server = servers.get(v.name) as LocalServer;
  const config: LlmConfig = {
    providers: { [v.name]: { type: v.type, baseURL: v.base(server.url) } },
    router: { initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 2_000 },
  };
  return { router: createRouter(config, { env: { [v.env]: KEY } }), server, id: `${v.name}:${v.model}` };
}

const messages = [
  { role: 'system' as const, content: 'You answer briefly.' },
  { role: 'user' as const, content: 'Is the sky blue?' },
];
const Answer = z.object({ answer: z.enum(['yes', 'no']), confidence: z.number().min(0).max(1) });

describe.each(vendors)('$name provider', (v) => {
  it('answers text with usage and cost', async () => {
    const { router, server, id } = routerFor(v);
    const result = await router.generateText({ model: id, messages, temperature: 0, maxOutputTokens: 100 });
    expect(result).toMatchObject({ text: `hello from ${v.model}`, model: id, attempts: 1, finishReason: 'stop' });
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.cost).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(server.requests[0]?.body)).toContain('You answer briefly.');
  });

  it('asks for structured output in the native mode and validates it', async () => {
    const { router, server, id } = routerFor(v);
    const result = await router.generateObject({ model: id, messages, schema: Answer, schemaName: 'answer' });
    expect(result.object).toEqual({ answer: 'yes', confidence: 0.9 });
    const body = server.requests[0]?.body as Record<string, unknown>;
    if (v.type === 'anthropic') {
      expect(body.tool_choice).toEqual({ type: 'tool', name: 'answer' });
      expect((body.tools as Array<{ input_schema: unknown }>)[0]?.input_schema).toMatchObject({
        type: 'object',
        required: ['answer', 'confidence'],
      });
    } else if (v.type === 'google') {
      expect(body.generationConfig).toMatchObject({ responseMimeType: 'application/json', responseJsonSchema: { type: 'object' } });
    } else {
      expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { name: 'answer' } });
    }
  });

  it('wraps a non-object root (an array) as {value} and unwraps the answer', async () => {
    const { router, server, id } = routerFor(v);
    server.setHandler((chat) => {
      expect(chat.jsonSchema?.schema).toMatchObject({ type: 'object', required: ['value'], properties: { value: { type: 'array' } } });
      return { value: ['first step', 'second step'] };
    });
    const result = await router.generateObject({ model: id, messages, schema: z.array(z.string()).min(1), schemaName: 'steps' });
    expect(result.object).toEqual(['first step', 'second step']);
  });

  it('repairs an invalid answer once', async () => {
    const { router, server, id } = routerFor(v);
    server.setScenario(['invalid-json']);
    const result = await router.generateObject({ model: id, messages, schema: Answer, schemaName: 'answer' });
    expect(result.object.answer).toBe('yes');
    expect(server.requests).toHaveLength(2);
  });

  it('waits for the rate-limit hint (retry-after-ms or RetryInfo) and succeeds', async () => {
    const { router, server, id } = routerFor(v);
    server.setScenario(['rate-limit-ms']);
    const started = Date.now();
    const result = await router.generateText({ model: id, messages });
    expect(result.attempts).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it('retries a 5xx', async () => {
    const { router, server, id } = routerFor(v);
    server.setScenario(['unavailable']);
    expect((await router.generateText({ model: id, messages })).attempts).toBe(2);
  });

  it('reports a rejected key as an auth error without the key', async () => {
    const { router, server, id } = routerFor(v);
    server.setScenario('unauthorized');
    const error = await router.generateText({ model: id, messages }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmCallError);
    expect(error).toMatchObject({ kind: 'auth', isRetryable: false, provider: v.name });
    expect((error as Error).message).toContain(`environment variable ${v.env}`);
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect((error as Error).message).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });

  it('reports an account without quota as not retryable', async () => {
    const { router, server, id } = routerFor(v);
    server.setScenario('no-quota');
    const error = await router.generateText({ model: id, messages }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'quota', isRetryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('streams text deltas with usage at the end', async () => {
    const { router, id } = routerFor(v);
    let text = '';
    let finish;
    for await (const part of router.streamText({ model: id, messages })) {
      if (part.type === 'text-delta') text += part.text;
      else finish = part.result;
    }
    expect(text).toBe(`hello from ${v.model}`);
    expect(finish?.usage.outputTokens).toBeGreaterThan(0);
    expect(finish?.cost).toBeGreaterThan(0);
  });

  it('fails a stream cut after its first delta as a connection error', async () => {
    const { router, server, id } = routerFor(v);
    server.setScenario('cut-stream');
    const error = await (async () => {
      for await (const _part of router.streamText({ model: id, messages })) {
        /* drain */
      }
    })().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'LLM_CALL', kind: 'connection', isRetryable: true });
  });

  it('retries an answer cut mid-body (non-streaming)', async () => {
    const { router, server, id } = routerFor(v);
    server.setScenario(['cut-stream']);
    const result = await router.generateText({ model: id, messages });
    expect(result.attempts).toBe(2);
  });
});

describe('anthropic sampling parameters', () => {
  it('sends temperature only to models that accept it', async () => {
    const v = vendors[1] as Vendor;
    const { router, server } = routerFor(v);
    await router.generateText({ model: 'anthropic:claude-haiku-4-5', messages, temperature: 0.2 });
    const newer = await router.generateText({ model: 'anthropic:claude-opus-4-7', messages, temperature: 0.2 });
    expect((server.requests[0]?.body as Record<string, unknown>).temperature).toBe(0.2);
    expect(server.requests[1]?.body).not.toHaveProperty('temperature');
    expect(newer.warnings).toContain('claude-opus-4-7 does not accept temperature/top_p; ignored');
  });
});

describe('anthropic errors inside a stream', () => {
  it('an `event: error` (overloaded_error) after the first delta is a retryable 529, not a bad request', async () => {
    const v = vendors[1] as Vendor;
    const { router, server, id } = routerFor(v);
    server.setScenario('stream-error');
    let text = '';
    const error = await (async () => {
      for await (const part of router.streamText({ model: id, messages })) if (part.type === 'text-delta') text += part.text;
    })().catch((e: unknown) => e);
    expect(text.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(LlmCallError);
    expect(error).toMatchObject({ status: 529, kind: 'server', isRetryable: true, provider: v.name });
    expect((error as Error).message).toContain('Overloaded');
  });
});

describe('gemini Retry-After', () => {
  it('reads the Retry-After header through the per-call fetch hook (the SDK drops headers)', async () => {
    const v = vendors[2] as Vendor;
    const { router, server, id } = routerFor(v);
    server.setScenario(['rate-limit']); // Retry-After: 1, no RetryInfo in the body
    const started = Date.now();
    const result = await router.generateText({ model: id, messages });
    expect(result.attempts).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });
});

describe('azure and environment overrides', () => {
  it('calls Azure OpenAI deployments with the api-key header and api-version', async () => {
    const server = servers.get('openai') as LocalServer;
    const router = createRouter(
      { providers: { azure: { type: 'azure', baseURL: server.url, apiVersion: '2024-10-21', deployment: 'cases-prod' } } },
      { env: { AZURE_OPENAI_API_KEY: KEY } },
    );
    const result = await router.generateText({ model: 'azure:gpt-4.1-mini', messages });
    expect(result.text).toBe('hello from gpt-4.1-mini');
    expect(server.requests[0]?.path).toBe('/openai/deployments/cases-prod/chat/completions?api-version=2024-10-21');
    expect(server.requests[0]?.headers['api-key']).toBe(KEY);
  });

  it('takes the base URL from OPENAI_BASE_URL / AZURE_OPENAI_ENDPOINT when the config has none', async () => {
    const server = servers.get('openai') as LocalServer;
    const router = createRouter({}, { env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${server.url}/v1` } });
    expect((await router.generateText({ model: 'openai:gpt-4.1-mini', messages })).attempts).toBe(1);
    const azure = createRouter(
      {},
      { env: { AZURE_OPENAI_API_KEY: KEY, AZURE_OPENAI_ENDPOINT: server.url, OPENAI_API_VERSION: '2025-01-01' } },
    );
    await azure.generateText({ model: 'azure:my-deployment', messages });
    expect(server.requests.map((r) => r.path)).toEqual([
      '/v1/chat/completions',
      '/openai/deployments/my-deployment/chat/completions?api-version=2025-01-01',
    ]);
  });

  it('says which setting is missing when Azure or an OpenAI-compatible server has no endpoint', async () => {
    const azure = createRouter({}, { env: { AZURE_OPENAI_API_KEY: KEY } });
    await expect(azure.generateText({ model: 'azure:gpt-4.1-mini', messages })).rejects.toThrow(
      "provider 'azure' (azure) has no endpoint: set baseURL (your resource endpoint) or AZURE_OPENAI_ENDPOINT in casewright.config.yaml",
    );
    const local = createRouter({ providers: { ollama: { type: 'openai-compatible' } } }, { env: {} });
    await expect(local.generateText({ model: 'ollama:llama3.1:8b', messages })).rejects.toThrow(
      /provider 'ollama' \(openai-compatible\) has no endpoint/,
    );
  });

  it('applies a provider timeoutMs', async () => {
    const server = servers.get('openai') as LocalServer;
    server.setScenario('slow');
    const router = createRouter(
      {
        providers: { openai: { type: 'openai', baseURL: `${server.url}/v1`, timeoutMs: 100 } },
        router: { maxRetries: 0, timeoutMs: 60_000 },
      },
      { env: { OPENAI_API_KEY: KEY } },
    );
    const error = await router.generateText({ model: 'openai:gpt-4.1-mini', messages }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('openai:gpt-4.1-mini timed out after 100 ms');
  });
});
