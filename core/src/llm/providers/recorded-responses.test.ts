// Each provider parses a response body as the vendor documents it (recorded in
// __fixtures__/ with its documentation page), through the real SDK: the SDK's own
// `fetch` hook serves the body, so SDK parsing and our mapping both run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPriceTable } from '../prices.js';
import { createAnthropicProvider } from './anthropic/anthropic-provider.js';
import { createGoogleProvider } from './google/google-provider.js';
import { createOpenAIProvider } from './openai/openai-provider.js';

function fixture(name: string): string {
  const { $doc: _doc, ...body } = JSON.parse(readFileSync(path.join(import.meta.dirname, '__fixtures__', name), 'utf8')) as Record<
    string,
    unknown
  >;
  return JSON.stringify(body);
}

function serving(body: string): { fetch: typeof fetch; urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    fetch: async (input) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    },
  };
}

const messages = [
  { role: 'system' as const, content: 'Answer from the policy.' },
  { role: 'user' as const, content: 'How long is the refund window?' },
];

describe('recorded vendor responses', () => {
  it('OpenAI: text, finish reason and cached prompt tokens', async () => {
    const transport = serving(fixture('openai-chat-completion-cached.json'));
    const model = createOpenAIProvider({
      name: 'openai',
      apiKey: 'sk-test-0000000000',
      baseURL: 'https://api.example.test/v1',
      fetch: transport.fetch,
    }).languageModel('gpt-4o');
    const result = await model.generate({ messages });
    expect(result).toEqual({
      text: 'The refund window is 30 days.',
      finishReason: 'stop',
      usage: { inputTokens: 2006, outputTokens: 300, cachedInputTokens: 1920 },
      warnings: [],
      responseModelId: 'gpt-4o-2024-08-06',
    });
    expect(transport.urls).toEqual(['https://api.example.test/v1/chat/completions']);
    // gpt-4o: 86 fresh input at $2.50, 1,920 cached at $1.25, 300 output at $10 per 1M.
    expect(createPriceTable().cost('openai', 'gpt-4o', result.usage).usd).toBeCloseTo((86 * 2.5 + 1920 * 1.25 + 300 * 10) / 1e6, 12);
  });

  it('Anthropic: the forced tool call is the structured answer; cache reads and writes count as input', async () => {
    const transport = serving(fixture('anthropic-message-tool-use-cached.json'));
    const model = createAnthropicProvider({
      name: 'anthropic',
      apiKey: 'sk-ant-test-000000',
      baseURL: 'https://api.example.test',
      fetch: transport.fetch,
    }).languageModel('claude-sonnet-4-5');
    const result = await model.generate({
      messages,
      responseFormat: { type: 'json', name: 'answer', schema: { type: 'object', properties: { answer: { type: 'string' } } } },
    });
    expect(JSON.parse(result.text)).toEqual({ answer: 'yes', confidence: 0.8 });
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual({ inputTokens: 1150, outputTokens: 40, cachedInputTokens: 1000 });
    expect(transport.urls).toEqual(['https://api.example.test/v1/messages']);
  });

  it('Gemini: thought parts are not the answer, thinking tokens are billed as output', async () => {
    const transport = serving(fixture('gemini-generate-content-thinking.json'));
    const model = createGoogleProvider({
      name: 'google',
      apiKey: 'gm-test-0000000000',
      baseURL: 'https://gemini.example.test',
      fetch: transport.fetch,
    }).languageModel('gemini-2.5-flash');
    const result = await model.generate({ messages });
    expect(result).toMatchObject({
      text: 'The refund window is 30 days.',
      finishReason: 'stop',
      usage: { inputTokens: 1200, outputTokens: 100, cachedInputTokens: 1000 },
    });
    expect(transport.urls[0]).toBe('https://gemini.example.test/v1beta/models/gemini-2.5-flash:generateContent');
  });

  it('Gemini: a blocked prompt is a content-filter answer with a warning, not a failure', async () => {
    const transport = serving(fixture('gemini-prompt-blocked.json'));
    const model = createGoogleProvider({
      name: 'google',
      apiKey: 'gm-test-0000000000',
      baseURL: 'https://gemini.example.test',
      fetch: transport.fetch,
    }).languageModel('gemini-2.5-flash');
    const result = await model.generate({ messages });
    expect(result).toMatchObject({ text: '', finishReason: 'content-filter', warnings: ['prompt blocked: SAFETY'] });
  });
});
