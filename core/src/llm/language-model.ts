/**
 * The LanguageModel port. Each `providers/<vendor>/` folder implements it over
 * the vendor's official SDK; nothing outside a provider folder knows a vendor's
 * wire format. Providers never retry: the router is the only retry loop.
 */

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's prompt cache, when reported. */
  cachedInputTokens?: number | undefined;
}

export type FinishReason = 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other';

/** Ask for JSON matching a JSON Schema, through the provider's native structured-output mode. */
export interface JsonResponseFormat {
  type: 'json';
  /** A short identifier (letters, digits, `_`), e.g. `generated_cases`. */
  name: string;
  schema: Record<string, unknown>;
  description?: string | undefined;
}

export interface LanguageModelCallOptions {
  messages: ChatMessage[];
  temperature?: number | undefined;
  maxOutputTokens?: number | undefined;
  topP?: number | undefined;
  stopSequences?: string[] | undefined;
  seed?: number | undefined;
  responseFormat?: JsonResponseFormat | undefined;
  abortSignal?: AbortSignal | undefined;
}

export interface LanguageModelResult {
  text: string;
  finishReason: FinishReason;
  usage: TokenCounts;
  /** Settings the provider does not support (ignored, not fatal). */
  warnings: string[];
  /** The model id the provider says answered (may differ from the requested one). */
  responseModelId?: string | undefined;
}

export type StreamPart = { type: 'text-delta'; text: string } | { type: 'finish'; finishReason: FinishReason; usage: TokenCounts };

export interface LanguageModel {
  /** e.g. `openai`, `azure`, `anthropic`, `google`, `openai-compatible`, `offline`. */
  readonly provider: string;
  readonly modelId: string;
  generate(options: LanguageModelCallOptions): Promise<LanguageModelResult>;
  stream?(options: LanguageModelCallOptions): AsyncIterable<StreamPart>;
}
