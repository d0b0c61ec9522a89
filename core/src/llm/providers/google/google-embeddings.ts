/**
 * Gemini embeddings over the official `@google/genai` SDK (`models.embedContent`, same client,
 * no `retryOptions`). Wire shape: https://ai.google.dev/api/embeddings — the SDK sends
 * `POST /v1beta/models/{model}:batchEmbedContents` `{requests: [{model, content: {parts: [{text}]}}]}`
 * and reads `{embeddings: [{values: number[]}]}` (up to 100 requests a call). The Gemini API
 * reports no token count for embeddings: usage is estimated from the text (about 4 characters a token).
 */
import type { EmbedContentResponse, GoogleGenAI } from '@google/genai';
import { badVectors, type EmbeddingModel, type EmbeddingResult } from '../../embedding-model.js';
import { estimateTokens } from '../../prices.js';
import { transportFailureToError } from '../../provider-error.js';
import { googleErrorToLlmError, headerHook } from './google-common.js';

export function createGeminiEmbeddingModel(
  client: GoogleGenAI,
  baseFetch: typeof fetch,
  provider: string,
  modelId: string,
  secrets: ReadonlyArray<string | undefined>,
): EmbeddingModel {
  return {
    provider,
    modelId,
    maxBatch: 100,
    async embed(options): Promise<EmbeddingResult> {
      const { seen, hook } = headerHook(baseFetch);
      let response: EmbedContentResponse;
      try {
        response = await client.models.embedContent({
          model: modelId,
          contents: options.texts,
          config: { abortSignal: options.abortSignal, httpOptions: { fetch: hook } },
        });
      } catch (error) {
        throw googleErrorToLlmError(error, provider, modelId, secrets, seen.headers);
      }
      const vectors = (response?.embeddings ?? []).map((e) => e.values ?? []);
      const bad = badVectors(vectors, options.texts.length);
      if (bad) throw transportFailureToError({ provider, model: modelId, kind: 'malformed-response', detail: bad, secrets });
      return {
        vectors,
        usage: { inputTokens: options.texts.reduce((sum, t) => sum + estimateTokens(t), 0) },
        warnings: [],
      };
    },
  };
}
