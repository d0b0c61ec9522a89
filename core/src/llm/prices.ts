/**
 * The price table: US dollars per one million tokens, per model, with the date each
 * price was read from the vendor's pricing page. Prices change; override them in
 * `casewright.config.yaml` under `prices:` (by `provider:model` or bare model id).
 */
import type { ModelPrice } from '../config/llm-config.js';
import type { TokenCounts } from './language-model.js';
import type { AudioUsage } from './audio-model.js';

const OPENAI = '2025-10-01'; // https://openai.com/api/pricing
const ANTHROPIC = '2025-10-15'; // https://www.anthropic.com/pricing#api
const GOOGLE = '2025-10-01'; // https://ai.google.dev/gemini-api/docs/pricing (prompts up to 200k tokens)

/** Built-in prices by vendor model id (applies to every provider serving that id). */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o': { input: 2.5, output: 10, cachedInput: 1.25, asOf: OPENAI },
  'gpt-4o-mini': { input: 0.15, output: 0.6, cachedInput: 0.075, asOf: OPENAI },
  'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5, asOf: OPENAI },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1, asOf: OPENAI },
  'gpt-4.1-nano': { input: 0.1, output: 0.4, cachedInput: 0.025, asOf: OPENAI },
  'gpt-5': { input: 1.25, output: 10, cachedInput: 0.125, asOf: OPENAI },
  'gpt-5-mini': { input: 0.25, output: 2, cachedInput: 0.025, asOf: OPENAI },
  'gpt-5-nano': { input: 0.05, output: 0.4, cachedInput: 0.005, asOf: OPENAI },
  'claude-opus-4-1': { input: 15, output: 75, cachedInput: 1.5, asOf: ANTHROPIC },
  'claude-sonnet-4-5': { input: 3, output: 15, cachedInput: 0.3, asOf: ANTHROPIC },
  'claude-sonnet-4-0': { input: 3, output: 15, cachedInput: 0.3, asOf: ANTHROPIC },
  'claude-haiku-4-5': { input: 1, output: 5, cachedInput: 0.1, asOf: ANTHROPIC },
  'claude-3-5-haiku-latest': { input: 0.8, output: 4, cachedInput: 0.08, asOf: ANTHROPIC },
  'gemini-2.5-pro': { input: 1.25, output: 10, cachedInput: 0.31, asOf: GOOGLE },
  'gemini-2.5-flash': { input: 0.3, output: 2.5, cachedInput: 0.075, audioInput: 1, asOf: GOOGLE },
  'gemini-2.5-flash-lite': { input: 0.1, output: 0.4, cachedInput: 0.025, audioInput: 0.3, asOf: GOOGLE },
  // Speech and transcription. OpenAI's speech endpoint reports no usage: gpt-4o-mini-tts is billed
  // per token but estimated by OpenAI at $0.015 a minute of speech, which is what we count.
  'tts-1': { input: 0, output: 0, perMillionCharacters: 15, asOf: OPENAI },
  'tts-1-hd': { input: 0, output: 0, perMillionCharacters: 30, asOf: OPENAI },
  'gpt-4o-mini-tts': { input: 0.6, output: 12, perMinute: 0.015, asOf: OPENAI },
  'whisper-1': { input: 0, output: 0, perMinute: 0.006, asOf: OPENAI },
  'gpt-4o-transcribe': { input: 2.5, output: 10, audioInput: 6, perMinute: 0.006, asOf: OPENAI },
  'gpt-4o-mini-transcribe': { input: 1.25, output: 5, audioInput: 3, perMinute: 0.003, asOf: OPENAI },
  'gemini-2.5-flash-preview-tts': { input: 0.5, output: 10, audioOutput: 10, asOf: GOOGLE },
  'gemini-2.5-pro-preview-tts': { input: 1, output: 20, audioOutput: 20, asOf: GOOGLE },
  // Embeddings: input tokens only.
  'text-embedding-3-small': { input: 0.02, output: 0, asOf: OPENAI },
  'text-embedding-3-large': { input: 0.13, output: 0, asOf: OPENAI },
  'text-embedding-ada-002': { input: 0.1, output: 0, asOf: OPENAI },
  'gemini-embedding-001': { input: 0.15, output: 0, asOf: GOOGLE },
};

export interface PriceTable {
  /** The price for `provider:model`; undefined when unpriced (cost counts as 0 with a warning). */
  lookup(provider: string, model: string): ModelPrice | undefined;
  /** Dollars for one call's usage; cached input tokens are billed at the cached rate. */
  cost(provider: string, model: string, usage: TokenCounts): { usd: number; priced: boolean };
  /**
   * Dollars for one speech or transcription call: by tokens when the call reports them, else
   * by minutes of audio (`perMinute`), else by characters spoken (`perMillionCharacters`).
   */
  audioCost(provider: string, model: string, usage: AudioUsage): { usd: number; priced: boolean };
}

export function createPriceTable(overrides: Record<string, ModelPrice> = {}, providerTypes: Record<string, string> = {}): PriceTable {
  const table: Record<string, ModelPrice> = { ...DEFAULT_PRICES, ...overrides };
  const memo = new Map<string, ModelPrice | null>();
  function lookup(provider: string, model: string): ModelPrice | undefined {
    const key = `${provider}:${model}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit ?? undefined;
    // Local servers (Ollama, vLLM) cost nothing unless the config prices them.
    const free = providerTypes[provider] === 'openai-compatible' || providerTypes[provider] === 'offline';
    const found =
      table[key] ?? (free ? undefined : (table[model] ?? stripDate(model, table))) ?? (free ? { input: 0, output: 0 } : undefined);
    memo.set(key, found ?? null);
    return found;
  }
  return {
    lookup,
    cost(provider, model, usage) {
      const price = lookup(provider, model);
      if (!price) return { usd: 0, priced: false };
      const cached = Math.min(usage.cachedInputTokens ?? 0, usage.inputTokens);
      const fresh = usage.inputTokens - cached;
      const usd = (fresh * price.input + cached * (price.cachedInput ?? price.input) + usage.outputTokens * price.output) / 1_000_000;
      return { usd, priced: true };
    },
    audioCost(provider, model, usage) {
      const price = lookup(provider, model);
      if (!price) return { usd: 0, priced: false };
      const tokens = (usage.inputTokens ?? 0) + (usage.outputTokens ?? 0) + (usage.audioInputTokens ?? 0) + (usage.audioOutputTokens ?? 0);
      if (tokens > 0) {
        const usd =
          ((usage.inputTokens ?? 0) * price.input +
            (usage.outputTokens ?? 0) * price.output +
            (usage.audioInputTokens ?? 0) * (price.audioInput ?? price.input) +
            (usage.audioOutputTokens ?? 0) * (price.audioOutput ?? price.output)) /
          1_000_000;
        return { usd, priced: true };
      }
      if (price.perMinute !== undefined && usage.seconds !== undefined)
        return { usd: (usage.seconds / 60) * price.perMinute, priced: true };
      if (price.perMillionCharacters !== undefined && usage.characters !== undefined) {
        return { usd: (usage.characters * price.perMillionCharacters) / 1_000_000, priced: true };
      }
      // A free local server is priced { input: 0, output: 0 }; anything else without a unit this call reports is unpriced.
      return {
        usd: 0,
        priced: price.input === 0 && price.output === 0 && price.perMinute === undefined && price.perMillionCharacters === undefined,
      };
    },
  };
}

/** `gpt-4o-mini-2024-07-18` and `claude-haiku-4-5-20251001` are priced as their family. */
function stripDate(model: string, table: Record<string, ModelPrice>): ModelPrice | undefined {
  const base = model.replace(/-(\d{4}-\d{2}-\d{2}|\d{8})$/, '');
  return base === model ? undefined : table[base];
}

/** A rough token count for budget estimates before a call (about 4 characters a token). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
