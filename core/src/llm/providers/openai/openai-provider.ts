/**
 * OpenAI, Azure OpenAI and any OpenAI-compatible server (Ollama, vLLM, LM Studio) over
 * the official `openai` SDK's chat completions. Wire shapes: https://platform.openai.com/docs/api-reference/chat
 * (structured outputs: https://platform.openai.com/docs/guides/structured-outputs).
 * The client is created once with `maxRetries: 0`: the router is the only retry loop.
 */
import OpenAI, { AzureOpenAI } from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
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
import { openAIErrorToLlmError } from './openai-errors.js';
import { isStrictCompatible } from '../../structured-output.js';
import { createOpenAISpeechModel, createOpenAITranscriptionModel } from './openai-audio.js';
import { createOpenAIEmbeddingModel } from './openai-embeddings.js';

export type OpenAIFlavour = 'openai' | 'azure' | 'openai-compatible';

/** Creates the adapter for an OpenAI-flavoured provider. */
export function createOpenAIProvider(settings: ProviderSettings & { flavour?: OpenAIFlavour }): ProviderAdapter {
  const flavour = settings.flavour ?? 'openai';
  const common = {
    // Local servers (Ollama) need no key, but the SDK refuses an empty one.
    apiKey: settings.apiKey ?? 'not-needed',
    maxRetries: 0,
    // The router enforces the per-call timeout through the abort signal; this only backs it up.
    timeout: 10 * 60_000,
    defaultHeaders: settings.headers,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  };
  const client =
    flavour === 'azure'
      ? new AzureOpenAI({
          ...common,
          endpoint: settings.baseURL,
          apiVersion: settings.apiVersion ?? '2024-10-21',
          deployment: settings.deployment,
        })
      : new OpenAI({ ...common, baseURL: settings.baseURL });
  const secrets = [settings.apiKey];
  return {
    name: settings.name,
    type: flavour,
    languageModel: (modelId) => createOpenAIChatModel(client, settings.name, modelId, flavour, secrets),
    speechModel: (modelId) => createOpenAISpeechModel(client, settings.name, modelId, secrets),
    transcriptionModel: (modelId) => createOpenAITranscriptionModel(client, settings.name, modelId, secrets),
    embeddingModel: (modelId) => createOpenAIEmbeddingModel(client, settings.name, modelId, secrets),
  };
}

function finishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'stop':
      return 'stop';
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    default:
      return 'other';
  }
}

interface OpenAIUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

function usageOf(usage: OpenAIUsage | null | undefined): TokenCounts {
  return {
    inputTokens: usage?.prompt_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? 0,
    cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? undefined,
  };
}

function createOpenAIChatModel(
  client: OpenAI,
  provider: string,
  modelId: string,
  flavour: OpenAIFlavour,
  secrets: ReadonlyArray<string | undefined>,
): LanguageModel {
  function body(options: LanguageModelCallOptions): { params: ChatCompletionCreateParamsNonStreaming; warnings: string[] } {
    const warnings: string[] = [];
    const params: ChatCompletionCreateParamsNonStreaming = {
      model: modelId,
      messages: options.messages.map((m) => ({ role: m.role, content: m.content })),
    };
    if (options.temperature !== undefined) params.temperature = options.temperature;
    if (options.topP !== undefined) params.top_p = options.topP;
    if (options.stopSequences?.length) params.stop = options.stopSequences;
    if (options.seed !== undefined) params.seed = options.seed;
    if (options.maxOutputTokens !== undefined) {
      // OpenAI replaced max_tokens with max_completion_tokens; compatible servers mostly know only the old name.
      if (flavour === 'openai-compatible') params.max_tokens = options.maxOutputTokens;
      else params.max_completion_tokens = options.maxOutputTokens;
    }
    if (options.responseFormat) {
      const strict = isStrictCompatible(options.responseFormat.schema);
      if (!strict) warnings.push(`schema '${options.responseFormat.name}' is not strict-mode compatible; sent with strict: false`);
      params.response_format = {
        type: 'json_schema',
        json_schema: {
          name: options.responseFormat.name,
          schema: options.responseFormat.schema,
          strict,
          ...(options.responseFormat.description ? { description: options.responseFormat.description } : {}),
        },
      };
    }
    return { params, warnings };
  }

  return {
    provider,
    modelId,
    async generate(options): Promise<LanguageModelResult> {
      const { params, warnings } = body(options);
      let completion;
      try {
        completion = await client.chat.completions.create(params, { signal: options.abortSignal });
      } catch (error) {
        throw openAIErrorToLlmError(error, provider, modelId, secrets);
      }
      const choice = completion?.choices?.[0];
      if (!choice || typeof choice !== 'object') {
        throw transportFailureToError({
          provider,
          model: modelId,
          kind: 'malformed-response',
          detail: 'the answer has no choices',
          secrets,
        });
      }
      const refusal = (choice.message as { refusal?: string | null }).refusal;
      if (refusal) warnings.push(`the model refused: ${refusal.slice(0, 200)}`);
      return {
        text: choice.message?.content ?? '',
        finishReason: finishReason(choice.finish_reason),
        usage: usageOf(completion.usage),
        warnings,
        responseModelId: completion.model,
      };
    },
    async *stream(options): AsyncIterable<StreamPart> {
      const { params } = body(options);
      const streaming: ChatCompletionCreateParamsStreaming = { ...params, stream: true, stream_options: { include_usage: true } };
      let reason: FinishReason | undefined;
      let usage: TokenCounts | undefined;
      try {
        const stream = await client.chat.completions.create(streaming, { signal: options.abortSignal });
        for await (const chunk of stream) {
          if (chunk.usage) usage = usageOf(chunk.usage);
          const choice = chunk.choices?.[0];
          const delta = choice?.delta?.content;
          if (delta) yield { type: 'text-delta', text: delta };
          if (choice?.finish_reason) reason = finishReason(choice.finish_reason);
        }
      } catch (error) {
        throw openAIErrorToLlmError(error, provider, modelId, secrets);
      }
      // A stream that ends without a finish reason was cut (proxy, dropped connection): the text is incomplete.
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
