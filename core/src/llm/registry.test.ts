import { describe, expect, it } from 'vitest';
import { UnknownModelError } from '../errors/unknown-model-error.js';
import { createModelRegistry } from './registry.js';

const registry = createModelRegistry({
  providers: { ollama: { type: 'openai-compatible', baseURL: 'http://localhost:11434/v1' } },
  models: {
    fast: 'openai:gpt-4.1-mini',
    smart: { model: 'anthropic:claude-sonnet-4-5', fallback: ['fast', 'ollama:llama3.1:8b'], temperature: 0.2 },
    loopA: 'loopB',
    loopB: 'loopA',
  },
});

describe('createModelRegistry', () => {
  it('resolves provider:model ids, splitting at the first colon only', () => {
    expect(registry.resolve('ollama:llama3.1:8b').chain).toEqual([{ provider: 'ollama', model: 'llama3.1:8b', id: 'ollama:llama3.1:8b' }]);
  });

  it('expands aliases and fallback chains (fallbacks may be aliases), with the alias defaults', () => {
    const resolved = registry.resolve('smart');
    expect(resolved.chain.map((c) => c.id)).toEqual(['anthropic:claude-sonnet-4-5', 'openai:gpt-4.1-mini', 'ollama:llama3.1:8b']);
    expect(resolved.temperature).toBe(0.2);
  });

  it.each([
    ['nope:model', /no provider named 'nope'/],
    ['gpt-4.1', /use an alias or 'provider:model'/],
    ['openai:', /use an alias/],
    ['loopA', /alias cycle: loopA -> loopB -> loopA/],
  ])('rejects %s listing what is available', (id, detail) => {
    let error: unknown;
    try {
      registry.resolve(id);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownModelError);
    expect((error as Error).message).toMatch(detail);
    expect((error as UnknownModelError).available).toContain('smart');
    expect((error as UnknownModelError).available).toContain('ollama:<model>');
  });

  it('lists aliases and the ids they name', () => {
    expect(registry.list()).toEqual([
      'anthropic:claude-sonnet-4-5',
      'fast',
      'loopA',
      'loopB',
      'ollama:llama3.1:8b',
      'openai:gpt-4.1-mini',
      'smart',
    ]);
  });
});
