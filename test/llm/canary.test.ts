// The canary: a recognisable key runs through every failure scenario of every provider and call
// kind (text, structured, streamed, speech, transcription)
// (local servers speaking each vendor's wire format; see test/servers/*) and must never
// appear in an error message, a serialized or inspected error, a log line, a cache file,
// the spend ledger, a result or the router's stats. The 401 scenarios echo the key back
// in the vendor's error body, as real APIs do, so redaction is exercised, not assumed.
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRouter, type ModelRouter, type ProviderType } from '@casewright/core';
import { createDiskCache } from '../../core/src/llm/response-cache.js';
import { createFileLedger } from '../../core/src/llm/budget.js';
import { startAnthropicServer } from '../servers/anthropic-server.js';
import { startGeminiServer } from '../servers/gemini-server.js';
import { startOpenAIServer } from '../servers/openai-server.js';
import { wavOf, type LocalServer, type Scenario } from '../servers/server-kit.js';

const CANARY = 'sk-CANARY-7d1e0c9b8a7f6e5d4c3b2a19';
const scenarios: Scenario[] = [
  'ok',
  'unauthorized',
  'rate-limit-ms',
  'no-quota',
  'server-error',
  'unavailable',
  'slow',
  'malformed',
  'invalid-json',
  'wrong-shape',
  'cut-stream',
];
const vendors: Array<{ name: string; type: ProviderType; model: string; start: typeof startOpenAIServer; base: (u: string) => string }> = [
  { name: 'openai', type: 'openai', model: 'gpt-4.1-mini', start: startOpenAIServer, base: (u) => `${u}/v1` },
  { name: 'anthropic', type: 'anthropic', model: 'claude-haiku-4-5', start: startAnthropicServer, base: (u) => u },
  { name: 'google', type: 'google', model: 'gemini-2.5-flash', start: startGeminiServer, base: (u) => u },
];

const servers: LocalServer[] = [];
const scratch = mkdtempSync(path.join(tmpdir(), 'canary-'));
const logLines: string[] = [];
const seen: string[] = [];
let router: ModelRouter;

beforeAll(async () => {
  const providers: Record<string, { type: ProviderType; baseURL: string; apiKeyEnv: string }> = {};
  for (const v of vendors) {
    const server = await v.start({ slowMs: 2_000, retryAfterMs: 5, speak: () => Buffer.alloc(4_800) });
    servers.push(server);
    providers[v.name] = { type: v.type, baseURL: v.base(server.url), apiKeyEnv: 'CANARY_KEY' };
  }
  router = createRouter(
    { providers, router: { maxRetries: 1, initialDelayMs: 1, maxDelayMs: 5, timeoutMs: 300 }, budgets: { monthlyUsd: 100 } },
    {
      env: { CANARY_KEY: CANARY },
      cache: createDiskCache(path.join(scratch, 'cache')),
      ledger: createFileLedger(path.join(scratch, 'spend.json')),
      logger: {
        debug: (m, f) => logLines.push(`${m} ${JSON.stringify(f)}`),
        warn: (m, f) => logLines.push(`${m} ${JSON.stringify(f)}`),
      },
    },
  );
});
afterAll(async () => {
  for (const s of servers) await s.close();
});

function record(value: unknown): void {
  if (value instanceof Error) {
    seen.push(String(value), value.message, value.stack ?? '', JSON.stringify(value), inspect(value, { depth: 8, showHidden: true }));
  } else {
    seen.push(JSON.stringify(value), inspect(value, { depth: 8 }));
  }
}

describe('the canary key', () => {
  it('never leaks through any provider, scenario or call kind', async () => {
    for (const [i, v] of vendors.entries()) {
      const server = servers[i] as LocalServer;
      for (const scenario of scenarios) {
        server.setScenario(scenario);
        const messages = [{ role: 'user' as const, content: `${v.name} ${scenario}` }];
        const model = `${v.name}:${v.model}`;
        await router.generateText({ model, messages, temperature: 0 }).then(record, record);
        await router
          .generateObject({ model, messages, schema: z.object({ n: z.number() }), schemaName: 'n', cache: false })
          .then(record, record);
        await (async () => {
          for await (const part of router.streamText({ model, messages })) record(part);
        })().catch(record);
        // Speech and transcription (voice cases); Anthropic has neither and says so without a call.
        await router.generateSpeech({ model, text: `${v.name} ${scenario}` }).then(record, record);
        await router.transcribe({ model, audio: wavOf(Buffer.alloc(3_200), 16_000) }).then(record, record);
      }
      // The key really was in play: every server saw it on the wire.
      expect(JSON.stringify(server.requests.map((r) => r.headers))).toContain(CANARY);
    }
    record(router.stats());

    const files = readdirSync(scratch, { recursive: true })
      .map((f) => path.join(scratch, String(f)))
      .filter((f) => statSync(f).isFile());
    expect(files.length).toBeGreaterThan(3);
    const everything = [...seen, ...logLines, ...files.map((f) => readFileSync(f, 'utf8'))];
    expect(logLines.some((l) => l.includes('llm.failure'))).toBe(true);
    // Each vendor's 401 echoed the key, and each was redacted.
    for (const v of vendors)
      expect(
        seen.some((s) => s.includes(`${v.name}:${v.model} answered HTTP`) && s.includes('[redacted]')),
        v.name,
      ).toBe(true);
    const leaks = everything.filter((text) => text.includes(CANARY) || text.includes(CANARY.slice(3)));
    expect(leaks).toEqual([]);
  }, 120_000);
});
