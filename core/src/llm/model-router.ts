import type { z } from 'zod';
import type { ChatMessage, FinishReason, LanguageModelCallOptions, TokenCounts } from './language-model.js';

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

export interface ModelRouter {
  generateText(request: RoutedCallRequest): Promise<RoutedResult>;
  generateObject<T>(request: RoutedObjectRequest<T>): Promise<RoutedResult & { object: T }>;
  /** Every `provider:model` id and alias that can be called. */
  listModels(): string[];
}
