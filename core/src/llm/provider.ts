import type { ProviderType } from '../config/llm-config.js';
import type { LanguageModel } from './language-model.js';
import type { SpeechModel, TranscriptionModel } from './audio-model.js';
import type { EmbeddingModel } from './embedding-model.js';

/** What every provider factory takes: the SDK client's settings, injectable for tests and local servers. */
export interface ProviderSettings {
  /** The provider's name in `provider:model` ids (e.g. `openai`, `ollama`). */
  name: string;
  apiKey?: string | undefined;
  baseURL?: string | undefined;
  headers?: Record<string, string> | undefined;
  /** A fetch to use instead of the global one (tests, proxies). */
  fetch?: typeof fetch | undefined;
  /** Azure OpenAI `api-version`. */
  apiVersion?: string | undefined;
  /** Azure OpenAI deployment (default: the model id). */
  deployment?: string | undefined;
}

/** One configured provider: hands out a `LanguageModel` per model id, sharing one SDK client. */
export interface ProviderAdapter {
  readonly name: string;
  readonly type: ProviderType;
  languageModel(modelId: string): LanguageModel;
  /** Text to speech, for providers that have it (OpenAI, Gemini). */
  speechModel?(modelId: string): SpeechModel;
  /** Speech to text, for providers that have it (OpenAI, Gemini). */
  transcriptionModel?(modelId: string): TranscriptionModel;
  /** Text embeddings, for providers that have them (OpenAI and compatible servers, Gemini). */
  embeddingModel?(modelId: string): EmbeddingModel;
}
