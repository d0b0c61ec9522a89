import { describe, expect, it } from 'vitest';
import { createPriceTable, DEFAULT_PRICES } from './prices.js';

describe('createPriceTable', () => {
  const table = createPriceTable(
    { 'ollama:llama3.1:8b': { input: 0.01, output: 0.02 }, 'gpt-4.1-mini': { input: 1, output: 2, asOf: '2026-11-01' } },
    { ollama: 'openai-compatible', lm: 'openai-compatible' },
  );

  it('dates every built-in price', () => {
    for (const [model, price] of Object.entries(DEFAULT_PRICES)) expect(price.asOf, model).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('prices input, cached input and output per 1M tokens', () => {
    // gpt-4o-mini: 0.15 in, 0.075 cached, 0.60 out.
    const { usd, priced } = table.cost('openai', 'gpt-4o-mini', {
      inputTokens: 1_000_000,
      cachedInputTokens: 400_000,
      outputTokens: 500_000,
    });
    expect(priced).toBe(true);
    expect(usd).toBeCloseTo(0.6 * 0.15 + 0.4 * 0.075 + 0.5 * 0.6, 10);
  });

  it('lets config override built-ins, by provider:model or model id', () => {
    expect(table.cost('openai', 'gpt-4.1-mini', { inputTokens: 1e6, outputTokens: 1e6 }).usd).toBe(3);
    expect(table.cost('ollama', 'llama3.1:8b', { inputTokens: 1e6, outputTokens: 1e6 }).usd).toBeCloseTo(0.03, 10);
  });

  it('prices dated model snapshots as their family', () => {
    expect(table.lookup('anthropic', 'claude-haiku-4-5-20251001')).toEqual(DEFAULT_PRICES['claude-haiku-4-5']);
    expect(table.lookup('openai', 'gpt-4o-mini-2024-07-18')).toEqual(DEFAULT_PRICES['gpt-4o-mini']);
  });

  it('counts local servers as free and unknown cloud models as unpriced', () => {
    expect(table.cost('lm', 'gpt-4o', { inputTokens: 10, outputTokens: 10 })).toEqual({ usd: 0, priced: true });
    expect(table.cost('openai', 'brand-new-model', { inputTokens: 10, outputTokens: 10 })).toEqual({ usd: 0, priced: false });
  });
});
