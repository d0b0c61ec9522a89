/**
 * Gemini over the official `@google/genai` SDK (not `@google/generative-ai`, whose
 * support ended on 2025-08-31). Wire shapes: https://ai.google.dev/api/generate-content
 * (`generateContent`, `streamGenerateContent?alt=sse`, `usageMetadata`); errors and
 * `google.rpc.RetryInfo`: https://ai.google.dev/gemini-api/docs/troubleshooting and
 * https://cloud.google.com/apis/design/errors. Structured output uses
 * `responseMimeType: application/json` + `responseJsonSchema`
 * (https://ai.google.dev/gemini-api/docs/structured-output).
 *
 * The SDK does not expose response headers on errors, so each call passes its own
 * `httpOptions.fetch` that notes `Retry-After`; the body's RetryInfo is read as well.
 * No `retryOptions` are set: the SDK then fetches once, and the router retries.
 */
import { GoogleGenAI, type GenerateContentConfig, type GenerateContentResponse } from '@google/genai';
import type {
  FinishReason,
  LanguageModel,
  LanguageModelCallOptions,
  LanguageModelResult,
  StreamPart,
  TokenCounts,
} from '../../language-model.js';
import type { ProviderAdapter, ProviderSettings } from '../../provider.js';
import { transportFailureToError } from '../../provider-error.js';
import { googleErrorToLlmError, headerHook, textOf } from './google-common.js';
import { createGeminiSpeechModel, createGeminiTranscriptionModel } from './google-audio.js';
import { createGeminiEmbeddingModel } from './google-embeddings.js';

export function createGoogleProvider(settings: ProviderSettings): ProviderAdapter {
  const baseFetch = settings.fetch ?? globalThis.fetch;
  const client = new GoogleGenAI({
    vertexai: false,
    apiKey: settings.apiKey,
    httpOptions: {
      ...(settings.baseURL ? { baseUrl: settings.baseURL } : {}),
      ...(settings.headers ? { headers: settings.headers } : {}),
      fetch: baseFetch,
    },
  });
  const secrets = [settings.apiKey];
  return {
    name: settings.name,
    type: 'google',
    languageModel: (modelId) => createGeminiModel(client, baseFetch, settings.name, modelId, secrets),
    speechModel: (modelId) => createGeminiSpeechModel(client, baseFetch, settings.name, modelId, secrets),
    transcriptionModel: (modelId) => createGeminiTranscriptionModel(client, baseFetch, settings.name, modelId, secrets),
    embeddingModel: (modelId) => createGeminiEmbeddingModel(client, baseFetch, settings.name, modelId, secrets),
  };
}

function finishReason(reason: string | undefined): FinishReason {
  switch (reason) {
    case 'STOP':
      return 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
      return 'content-filter';
    case 'MALFORMED_FUNCTION_CALL':
      return 'error';
    default:
      return 'other';
  }
}

/** Thinking tokens are billed as output. */
function usageOf(usage: GenerateContentResponse['usageMetadata']): TokenCounts {
  return {
    inputTokens: usage?.promptTokenCount ?? 0,
    outputTokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
    cachedInputTokens: usage?.cachedContentTokenCount ?? undefined,
  };
}

function createGeminiModel(
  client: GoogleGenAI,
  baseFetch: typeof fetch,
  provider: string,
  modelId: string,
  secrets: ReadonlyArray<string | undefined>,
): LanguageModel {
  function request(options: LanguageModelCallOptions) {
    const warnings: string[] = [];
    const system = options.messages
      .filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n\n');
    const contents = options.messages
      .filter((m) => m.role !== 'system')
      .map((m) => ({ role: m.role === 'assistant' ? 'model' : 'user', parts: [{ text: m.content }] }));
    // Per call: a fetch that remembers the failed answer's headers (the SDK drops them).
    const { seen, hook } = headerHook(baseFetch);
    const config: GenerateContentConfig = { abortSignal: options.abortSignal, httpOptions: { fetch: hook } };
    if (system) config.systemInstruction = system;
    if (options.temperature !== undefined) config.temperature = options.temperature;
    if (options.topP !== undefined) config.topP = options.topP;
    if (options.maxOutputTokens !== undefined) config.maxOutputTokens = options.maxOutputTokens;
    if (options.stopSequences?.length) config.stopSequences = options.stopSequences;
    if (options.seed !== undefined) config.seed = options.seed;
    if (options.responseFormat) {
      config.responseMimeType = 'application/json';
      config.responseJsonSchema = options.responseFormat.schema;
    }
    return { params: { model: modelId, contents, config }, seen, warnings };
  }

  return {
    provider,
    modelId,
    async generate(options): Promise<LanguageModelResult> {
      const { params, seen, warnings } = request(options);
      let response: GenerateContentResponse;
      try {
        response = await client.models.generateContent(params);
      } catch (error) {
        throw googleErrorToLlmError(error, provider, modelId, secrets, seen.headers);
      }
      const candidate = response?.candidates?.[0];
      if (!candidate) {
        const blocked = response?.promptFeedback?.blockReason;
        if (blocked)
          return {
            text: '',
            finishReason: 'content-filter',
            usage: usageOf(response.usageMetadata),
            warnings: [...warnings, `prompt blocked: ${blocked}`],
          };
        throw transportFailureToError({
          provider,
          model: modelId,
          kind: 'malformed-response',
          detail: 'the answer has no candidates',
          secrets,
        });
      }
      return {
        text: textOf(response),
        finishReason: finishReason(candidate.finishReason),
        usage: usageOf(response.usageMetadata),
        warnings,
        responseModelId: response.modelVersion,
      };
    },
    async *stream(options): AsyncIterable<StreamPart> {
      const { params, seen } = request(options);
      let reason: FinishReason | undefined;
      let usage: TokenCounts | undefined;
      try {
        const stream = await client.models.generateContentStream(params);
        for await (const chunk of stream) {
          const text = textOf(chunk);
          if (text) yield { type: 'text-delta', text };
          if (chunk.usageMetadata) usage = usageOf(chunk.usageMetadata);
          const r = chunk.candidates?.[0]?.finishReason;
          if (r) reason = finishReason(r);
        }
      } catch (error) {
        throw googleErrorToLlmError(error, provider, modelId, secrets, seen.headers);
      }
      if (!reason)
        throw transportFailureToError({
          provider,
          model: modelId,
          kind: 'connection',
          detail: 'the stream ended before the answer finished',
          secrets,
        });
      yield { type: 'finish', finishReason: reason, usage: usage ?? { inputTokens: 0, outputTokens: 0 } };
    },
  };
}
