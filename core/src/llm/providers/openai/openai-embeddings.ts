/**
 * OpenAI embeddings over the official `openai` SDK (same client, `maxRetries: 0`). Wire shape:
 * https://platform.openai.com/docs/api-reference/embeddings/create — `POST /v1/embeddings`
 * `{model, input: string[], encoding_format}` answers `{object: "list", data: [{object: "embedding",
 * index, embedding: number[]}], model, usage: {prompt_tokens, total_tokens}}`; up to 2048 inputs a call.
 */
import type { OpenAI } from 'openai';
import { badVectors, type EmbeddingModel, type EmbeddingResult } from '../../embedding-model.js';
import { transportFailureToError } from '../../provider-error.js';
import { openAIErrorToLlmError } from './openai-errors.js';

export function createOpenAIEmbeddingModel(
  client: OpenAI,
  provider: string,
  modelId: string,
  secrets: ReadonlyArray<string | undefined>,
): EmbeddingModel {
  return {
    provider,
    modelId,
    maxBatch: 2048,
    async embed(options): Promise<EmbeddingResult> {
      let response: OpenAI.Embeddings.CreateEmbeddingResponse;
      try {
        // Floats asked for explicitly: the SDK's default (base64) is decoded by the SDK, but an
        // OpenAI-compatible server (Ollama) may only speak floats.
        response = await client.embeddings.create(
          { model: modelId, input: options.texts, encoding_format: 'float' },
          { signal: options.abortSignal },
        );
      } catch (error) {
        throw openAIErrorToLlmError(error, provider, modelId, secrets);
      }
      const vectors: number[][] = [];
      for (const item of response?.data ?? []) {
        if (typeof item.index === 'number' && Array.isArray(item.embedding)) vectors[item.index] = item.embedding;
      }
      const bad = badVectors(vectors, options.texts.length);
      if (bad) throw transportFailureToError({ provider, model: modelId, kind: 'malformed-response', detail: bad, secrets });
      return { vectors, usage: { inputTokens: response.usage?.prompt_tokens ?? 0 }, warnings: [] };
    },
  };
}
