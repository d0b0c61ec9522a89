import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaseFileError } from '../errors/case-file-error.js';
import { loadConfig } from './config.js';

function write(text: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'llm-config-'));
  writeFileSync(path.join(dir, 'casewright.config.yaml'), text);
  return dir;
}

describe('the LLM sections of casewright.config.yaml', () => {
  it('accepts providers, aliases with fallback chains, budgets, cache, prices and router settings', async () => {
    const dir = write(`providers:
  ollama: { type: openai-compatible, baseURL: "http://localhost:11434/v1" }
  azure: { type: azure, baseURL: "https://x.openai.azure.com", apiVersion: "2024-10-21", deployment: prod }
models:
  fast: openai:gpt-4.1-mini
  generate: { model: anthropic:claude-sonnet-4-5, fallback: [fast, ollama:llama3.1:8b], temperature: 0.3 }
budgets: { monthlyUsd: 20, orgs: { acme: { monthlyUsd: 200 } } }
cache: { enabled: true, ttlHours: 24 }
prices:
  ollama:llama3.1:8b: { input: 0, output: 0 }
router: { maxRetries: 2, timeoutMs: 30000 }
`);
    const { config } = await loadConfig(dir);
    expect(config.models?.generate).toEqual({
      model: 'anthropic:claude-sonnet-4-5',
      fallback: ['fast', 'ollama:llama3.1:8b'],
      temperature: 0.3,
    });
    expect(config.providers?.azure?.deployment).toBe('prod');
  });

  it.each([
    ['providers:\n  x: { type: openia }\n', /config\.yaml:2:\d+ .*type.*openai/],
    ['providers:\n  x: { type: openai, baseURL: "not a url" }\n', /config\.yaml:2:\d+/],
    ['budgets: { monthlyUsd: -1 }\n', /config\.yaml:1:\d+/],
    ['router: { retries: 2 }\n', /config\.yaml:1:\d+ .*retries/],
  ])('rejects %j with a located error', async (text, message) => {
    const error = await loadConfig(write(text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CaseFileError);
    expect((error as Error).message).toMatch(message);
  });
});
