import type { z } from 'zod';
import type { ChatMessage, FinishReason, LanguageModelCallOptions, TokenCounts } from './language-model.js';
import type { SpeechCallOptions, SpeechResult, TranscriptionCallOptions, TranscriptionResult } from './audio-model.js';
import type { EmbeddingResult } from './embedding-model.js';

/** What a call is for: picks the default model (`models.generate` / `judge` / `target`) and cache policy. */
export type ModelPurpose = 'generate' | 'judge' | 'target';

/**
 * What generation, the runner and the apps call: one routed model call. The
 * router resolves aliases and fallback chains from the config, resolves keys,
 * retries with backoff, counts cost and checks budgets.
 */
export interface RoutedCallRequest extends Omit<LanguageModelCallOptions, 'responseFormat' | 'messages'> {
  /** `provider:model` or an alias from `casewright.config.yaml`. */
  model: string;
  messages: ChatMessage[];
  timeoutMs?: number | undefined;
  /** Use the response cache (default: the router's setting). */
  cache?: boolean | undefined;
  /** The org (or project) whose keys and budget apply. */
  scope?: { org?: string | undefined; project?: string | undefined; user?: string | undefined } | undefined;
  /** Judges with temperature > 0 are not cached by default. */
  purpose?: ModelPurpose | undefined;
}

export interface RoutedResult {
  text: string;
  finishReason: FinishReason;
  usage: TokenCounts;
  /** US dollars, from the price table; 0 when the model is unpriced (and a warning says so). */
  cost: number;
  latencyMs: number;
  /** Attempts across retries and fallbacks (1 = first try succeeded). */
  attempts: number;
  /** The `provider:model` that answered. */
  model: string;
  cached: boolean;
  warnings: string[];
}

export interface RoutedObjectRequest<T> extends RoutedCallRequest {
  schema: z.ZodType<T>;
  /** A short identifier (letters, digits, `_`), e.g. `generated_cases`. */
  schemaName: string;
  schemaDescription?: string | undefined;
}

/** Totals since the router was created (one run), and per org. */
export interface RouterStats {
  calls: number;
  successes: number;
  failures: number;
  attempts: number;
  cacheHits: number;
  costUsd: number;
  usage: TokenCounts;
  costByOrg: Record<string, number>;
  costByModel: Record<string, number>;
}

/** What a routed speech or transcription call adds to the provider's answer. */
export interface RoutedAudioFacts {
  /** US dollars, from the price table (tokens, minutes or characters); 0 when unpriced (a warning says so). */
  cost: number;
  latencyMs: number;
  attempts: number;
  /** The `provider:model` that answered. */
  model: string;
}

/** Speech through the router: `provider:model` or an alias, with the same retries, fallback, budget and pricing. */
export interface RoutedSpeechRequest extends Omit<SpeechCallOptions, 'abortSignal'> {
  model: string;
  abortSignal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  scope?: RoutedCallRequest['scope'];
}
export type RoutedSpeechResult = SpeechResult & RoutedAudioFacts;

export interface RoutedTranscriptionRequest extends Omit<TranscriptionCallOptions, 'abortSignal'> {
  model: string;
  abortSignal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  scope?: RoutedCallRequest['scope'];
}
export type RoutedTranscriptionResult = TranscriptionResult & RoutedAudioFacts;

/** Embeddings through the router: `provider:model` or an alias, with retries, fallback, budget and pricing. */
export interface RoutedEmbeddingRequest {
  model: string;
  texts: string[];
  abortSignal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  scope?: RoutedCallRequest['scope'];
}
export type RoutedEmbeddingResult = EmbeddingResult & RoutedAudioFacts;

/** A streamed routed call: text deltas, then one `finish` with usage and cost. */
export type RoutedStreamPart = { type: 'text-delta'; text: string } | { type: 'finish'; result: RoutedResult };

export interface ModelRouter {
  generateText(request: RoutedCallRequest): Promise<RoutedResult>;
  generateObject<T>(request: RoutedObjectRequest<T>): Promise<RoutedResult & { object: T }>;
  /**
   * Streams text. Retries and fallbacks happen only before the first delta; a stream cut
   * after that fails with `LlmCallError` (the caller has already shown part of the answer).
   */
  streamText(request: RoutedCallRequest): AsyncIterable<RoutedStreamPart>;
  /** Text to speech (OpenAI speech, Gemini speech generation). Never cached. */
  generateSpeech(request: RoutedSpeechRequest): Promise<RoutedSpeechResult>;
  /** Speech to text (OpenAI transcription models, Gemini audio understanding). Never cached. */
  transcribe(request: RoutedTranscriptionRequest): Promise<RoutedTranscriptionResult>;
  /** Text embeddings (OpenAI embeddings, Gemini embedContent), one vector per text. Never cached here (callers cache by content). */
  embed(request: RoutedEmbeddingRequest): Promise<RoutedEmbeddingResult>;
  /** Aliases and every `provider:model` id named in the config. */
  listModels(): string[];
  /**
   * True when `model` (default: the default model) can only reach the `offline` provider,
   * because it names it or because no key is configured. Generation then runs its rule-based path.
   */
  isOffline(model?: string): boolean;
  /** The model to use for a purpose: the config alias, else the first provider with a key, else `offline:rules`. */
  defaultModel(purpose?: ModelPurpose): string | undefined;
  stats(): RouterStats;
}
