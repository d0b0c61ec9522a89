// Embeddings through the router and the official SDKs (`openai` embeddings.create, `@google/genai`
// models.embedContent, each with its own retries off) against the local servers, which follow the
// documented shapes:
//   OpenAI: https://platform.openai.com/docs/api-reference/embeddings/create
//           (POST /v1/embeddings {model, input[], encoding_format} → {data: [{index, embedding}], usage.prompt_tokens})
//   Gemini: https://ai.google.dev/api/embeddings
//           (POST /v1beta/models/{model}:batchEmbedContents {requests: [{model, content: {parts: [{text}]}}]} → {embeddings: [{values}]})
// The router is the only retry loop, prices every call by input tokens, and never shows a key.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LlmCallError, RetryError, createRouter, type LlmConfig } from '@casewright/core';
import { startGeminiServer } from '../servers/gemini-server.js';
import { startOpenAIServer } from '../servers/openai-server.js';
import { hashedEmbedding, type LocalServer } from '../servers/server-kit.js';

const OPENAI_KEY = 'sk-embed-test-key-1234567890';
const GEMINI_KEY = 'gm-embed-test-key-0987654321';

let openai: LocalServer;
let gemini: LocalServer;
beforeAll(async () => {
  [openai, gemini] = await Promise.all([startOpenAIServer({ retryAfterMs: 20 }), startGeminiServer({ retryAfterMs: 20 })]);
});
afterAll(() => Promise.all([openai.close(), gemini.close()]));
beforeEach(() => {
  for (const s of [openai, gemini]) {
    s.setScenario('ok');
    s.requests.length = 0;
  }
});

function router(extra: LlmConfig = {}) {
  return createRouter(
    {
      providers: {
        openai: { type: 'openai', baseURL: `${openai.url}/v1` },
        google: { type: 'google', baseURL: gemini.url },
      },
      router: { initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 3_000 },
      ...extra,
    },
    { env: { OPENAI_API_KEY: OPENAI_KEY, GEMINI_API_KEY: GEMINI_KEY } },
  );
}

const texts = ['A buyer can rename a saved search.', 'Renaming keeps the filters of the search.'];

describe('OpenAI embeddings (POST /v1/embeddings)', () => {
  it('sends the documented body, returns one vector per text in order, and prices the input tokens', async () => {
    const r = router();
    const result = await r.embed({ model: 'openai:text-embedding-3-small', texts });
    expect(openai.requests).toHaveLength(1);
    expect(openai.requests[0]).toMatchObject({ method: 'POST', path: '/v1/embeddings' });
    expect(openai.requests[0]?.body).toEqual({ model: 'text-embedding-3-small', input: texts, encoding_format: 'float' });
    expect(openai.requests[0]?.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(result.vectors).toEqual(texts.map((t) => hashedEmbedding(t)));
    // The server counts ceil(length / 4) tokens a text; text-embedding-3-small is $0.02 per 1M tokens.
    const tokens = texts.reduce((sum, t) => sum + Math.ceil(t.length / 4), 0);
    expect(result.usage.inputTokens).toBe(tokens);
    expect(result.cost).toBeCloseTo((tokens * 0.02) / 1_000_000, 12);
    expect(result).toMatchObject({ model: 'openai:text-embedding-3-small', attempts: 1 });
    expect(r.stats().costUsd).toBeCloseTo(result.cost, 12);
  });

  it('retries a 429 with retry-after-ms, then answers', async () => {
    openai.setScenario(['rate-limit-ms']);
    const result = await router().embed({ model: 'openai:text-embedding-3-small', texts });
    expect(openai.requests).toHaveLength(2);
    expect(result.attempts).toBe(2);
    expect(result.vectors).toHaveLength(2);
  });

  it('does not retry a bad key, and never shows it', async () => {
    openai.setScenario('unauthorized');
    const error = await router()
      .embed({ model: 'openai:text-embedding-3-small', texts })
      .catch((e: unknown) => e);
    expect(LlmCallError.isInstance(error) || RetryError.isInstance(error)).toBe(true);
    expect(openai.requests).toHaveLength(1);
    expect(String((error as Error).message)).not.toContain(OPENAI_KEY);
    expect(JSON.stringify(error)).not.toContain(OPENAI_KEY);
  });

  it('says what to set when there is no key, without calling anything', async () => {
    const r = createRouter({ providers: { openai: { type: 'openai', baseURL: `${openai.url}/v1` } } }, { env: {} });
    expect(r.isOffline('openai:text-embedding-3-small')).toBe(true);
    await expect(r.embed({ model: 'openai:text-embedding-3-small', texts })).rejects.toThrow(
      /no API key for provider 'openai': set OPENAI_API_KEY/,
    );
    expect(openai.requests).toHaveLength(0);
  });
});

describe('Gemini embeddings (models.embedContent → :batchEmbedContents)', () => {
  it('sends one request per text in a batch and returns the vectors in order', async () => {
    const r = router();
    const result = await r.embed({ model: 'google:gemini-embedding-001', texts });
    expect(gemini.requests).toHaveLength(1);
    expect(gemini.requests[0]).toMatchObject({ method: 'POST', path: '/v1beta/models/gemini-embedding-001:batchEmbedContents' });
    expect(gemini.requests[0]?.headers['x-goog-api-key']).toBe(GEMINI_KEY);
    expect(gemini.requests[0]?.body).toEqual({
      requests: texts.map((t) => ({ model: 'models/gemini-embedding-001', content: { parts: [{ text: t }], role: 'user' } })),
    });
    expect(result.vectors).toEqual(texts.map((t) => hashedEmbedding(t)));
    // Gemini reports no tokens for embeddings: estimated at 4 characters a token, priced at $0.15 per 1M.
    const tokens = texts.reduce((sum, t) => sum + Math.ceil(t.length / 4), 0);
    expect(result.usage.inputTokens).toBe(tokens);
    expect(result.cost).toBeCloseTo((tokens * 0.15) / 1_000_000, 12);
  });

  it('splits more than 100 texts into batches of at most 100 (the API refuses more)', async () => {
    const many = Array.from({ length: 230 }, (_, i) => `case number ${i} about saved searches`);
    const result = await router().embed({ model: 'google:gemini-embedding-001', texts: many });
    expect(gemini.requests.map((q) => (q.body as { requests: unknown[] }).requests.length)).toEqual([100, 100, 30]);
    expect(result.vectors).toHaveLength(230);
    expect(result.vectors[229]).toEqual(hashedEmbedding(many[229]!));
  });

  it('falls back along the chain when Gemini is unavailable', async () => {
    gemini.setScenario('unavailable');
    const r = router({ models: { embed: { model: 'google:gemini-embedding-001', fallback: ['openai:text-embedding-3-small'] } } });
    const result = await r.embed({ model: 'embed', texts });
    expect(result.model).toBe('openai:text-embedding-3-small');
    expect(openai.requests).toHaveLength(1);
  });

  it('reads a broken answer as a retryable malformed response, and a bad key never shows', async () => {
    gemini.setScenario(['malformed']);
    const ok = await router().embed({ model: 'google:gemini-embedding-001', texts });
    expect(ok.attempts).toBe(2);
    gemini.setScenario('unauthorized');
    const error = await router()
      .embed({ model: 'google:gemini-embedding-001', texts })
      .catch((e: unknown) => e);
    expect(JSON.stringify(error)).not.toContain(GEMINI_KEY);
    expect(String((error as Error).message)).not.toContain(GEMINI_KEY);
  });
});

describe('a provider without embeddings', () => {
  it('is a configuration error that names what to use', async () => {
    const r = createRouter(
      { providers: { anthropic: { type: 'anthropic', baseURL: 'http://127.0.0.1:9' } } },
      { env: { ANTHROPIC_API_KEY: 'x' } },
    );
    await expect(r.embed({ model: 'anthropic:claude-haiku-4-5', texts })).rejects.toThrow(
      /has no embeddings models; use an openai or google provider/,
    );
  });
});
