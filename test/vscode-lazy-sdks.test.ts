// The extension bundle loads the Anthropic and Gemini SDKs from lazy chunks (see
// scripts/esbuild-plugins.mjs). This builds core's router the way the extension bundle does
// and calls the local Anthropic and Gemini servers through it: answers, and errors mapped
// through the SDKs' error classes (instanceof across the lazy proxy), must behave as unbundled.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
// @ts-expect-error -- a plain .mjs build helper without types
import { LAZY_SDKS, lazySdks } from '../scripts/esbuild-plugins.mjs';
import { buildCoreBundle } from './core-bundle.js';
import { startAnthropicServer } from './servers/anthropic-server.js';
import { startGeminiServer } from './servers/gemini-server.js';
import type { LocalServer } from './servers/server-kit.js';

import type * as Core from '@casewright/core';

type CoreModule = typeof Core;
let dir: string;
let core: CoreModule;
const servers: LocalServer[] = [];
const root = path.resolve(import.meta.dirname, '..');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cw-lazy-sdk-'));
  await buildCoreBundle(path.join(dir, 'bundle.cjs'), [lazySdks()]);
  for (const [pkg, { chunk, names }] of Object.entries(LAZY_SDKS as Record<string, { chunk: string; names: string[] }>)) {
    await build({
      stdin: { contents: `export { ${names.join(', ')} } from '${pkg}';`, resolveDir: root, loader: 'js' },
      outfile: path.join(dir, chunk),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'error',
    });
  }
  core = createRequire(import.meta.url)(path.join(dir, 'bundle.cjs')) as CoreModule;
}, 60_000);

afterAll(async () => {
  for (const s of servers) await s.close();
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  {
    name: 'anthropic',
    type: 'anthropic' as const,
    model: 'claude-haiku-4-5',
    start: startAnthropicServer,
    env: 'ANTHROPIC_API_KEY',
    noQuota: 400,
  },
  { name: 'google', type: 'google' as const, model: 'gemini-2.5-flash', start: startGeminiServer, env: 'GEMINI_API_KEY', noQuota: 429 },
])('$name through the lazy chunk', (v) => {
  it('answers, and a no-quota answer (Anthropic: 400, Gemini: 429) is an LlmCallError (mapped through the SDK error classes)', async () => {
    const server = await v.start({ retryAfterMs: 10 });
    servers.push(server);
    server.setHandler((chat) => `hello from ${chat.model}`);
    const router = core.createRouter(
      { providers: { [v.name]: { type: v.type, baseURL: server.url } }, router: { initialDelayMs: 5, maxDelayMs: 20, timeoutMs: 2_000 } },
      { env: { [v.env]: 'sk-lazy-test-key-1234567890' } },
    );
    const id = `${v.name}:${v.model}`;
    const result = await router.generateText({ model: id, messages: [{ role: 'user', content: 'hi' }] });
    expect(result.text).toBe(`hello from ${v.model}`);
    server.setScenario('no-quota');
    const error = await router.generateText({ model: id, messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    const call = core.LlmCallError.isInstance(error) ? error : (error as { lastError?: unknown }).lastError;
    expect(core.LlmCallError.isInstance(call)).toBe(true);
    // The status comes from the SDK's APIError, found by instanceof across the lazy proxy.
    expect(call).toMatchObject({ provider: v.name, status: v.noQuota, isRetryable: false });
  });
});
