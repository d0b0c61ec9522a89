/**
 * Anthropic over the official `@anthropic-ai/sdk` Messages API.
 * Wire shapes: https://docs.anthropic.com/en/api/messages (streaming events:
 * https://docs.anthropic.com/en/docs/build-with-claude/streaming; errors:
 * https://docs.anthropic.com/en/api/errors). Structured output goes out as one forced
 * tool (`tool_choice: {type: 'tool'}`) whose `input_schema` is the JSON Schema; the
 * tool call's `input` is the answer. Created with `maxRetries: 0`: the router retries.
 */
import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { LlmCallError } from '../../../errors/llm-call-error.js';
import type {
  FinishReason,
  LanguageModel,
  LanguageModelCallOptions,
  LanguageModelResult,
  StreamPart,
  TokenCounts,
} from '../../language-model.js';
import type { ProviderAdapter, ProviderSettings } from '../../provider.js';
import { sdkErrorToLlmError, transportFailureToError } from '../../provider-error.js';

/** Anthropic requires `max_tokens`; this is used when the caller sets none. */
export const ANTHROPIC_DEFAULT_MAX_TOKENS = 4096;

export function createAnthropicProvider(settings: ProviderSettings): ProviderAdapter {
  const client = new Anthropic({
    apiKey: settings.apiKey ?? null,
    baseURL: settings.baseURL ?? null,
    maxRetries: 0,
    timeout: 10 * 60_000,
    defaultHeaders: settings.headers,
    ...(settings.fetch ? { fetch: settings.fetch } : {}),
  });
  const secrets = [settings.apiKey];
  return {
    name: settings.name,
    type: 'anthropic',
    languageModel: (modelId) => createAnthropicModel(client, settings.name, modelId, secrets),
  };
}

function finishReason(reason: string | null | undefined): FinishReason {
  switch (reason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

/** Anthropic's `input_tokens` excludes cache reads and writes; ours is every input token. */
function usageOf(usage: AnthropicUsage | null | undefined): TokenCounts {
  const read = usage?.cache_read_input_tokens ?? 0;
  const written = usage?.cache_creation_input_tokens ?? 0;
  return { inputTokens: (usage?.input_tokens ?? 0) + read + written, outputTokens: usage?.output_tokens ?? 0, cachedInputTokens: read };
}

export function anthropicErrorToLlmError(
  error: unknown,
  provider: string,
  model: string,
  secrets: ReadonlyArray<string | undefined>,
): LlmCallError {
  return sdkErrorToLlmError(
    error,
    { APIUserAbortError, APIConnectionTimeoutError, APIConnectionError, APIError },
    { provider, model, secrets },
    // An `event: error` inside a stream (e.g. overloaded_error) arrives without a status.
    (body) => {
      const type = (body as { error?: { type?: string } } | undefined)?.error?.type ?? '';
      return type === 'overloaded_error' ? 529 : type === 'rate_limit_error' ? 429 : 500;
    },
  );
}

type MessageParams = Anthropic.MessageCreateParamsNonStreaming;

/**
 * Claude 3.x and 4.0–4.6 accept `temperature`/`top_p`; Opus 4.7 and later (and unknown
 * models, to be safe) reject them with 400.
 */
export function supportsSampling(modelId: string): boolean {
  if (/^claude-(?:2|3|instant)/.test(modelId)) return true;
  const match = /^claude-(?:opus|sonnet|haiku)-4(?:-(\d)(?!\d))?(?:-|$)/.exec(modelId);
  if (!match) return false;
  return match[1] === undefined || Number(match[1]) <= 6;
}

function createAnthropicModel(
  client: Anthropic,
  provider: string,
  modelId: string,
  secrets: ReadonlyArray<string | undefined>,
): LanguageModel {
  function body(options: LanguageModelCallOptions): { params: MessageParams; warnings: string[] } {
    const warnings: string[] = [];
    const system = options.messages
      .filter((m) => m.role === 'system')
      .map((m) => m.content)
      .join('\n\n');
    const params: MessageParams = {
      model: modelId,
      max_tokens: options.maxOutputTokens ?? ANTHROPIC_DEFAULT_MAX_TOKENS,
      messages: options.messages
        .filter((m) => m.role !== 'system')
        .map((m) => ({ role: m.role as 'user' | 'assistant', content: m.content })),
    };
    if (system) params.system = system;
    // The SDK's types dropped the sampling parameters (Opus 4.7 and later answer 400 to them);
    // older models still take them, so they go on the wire only for those.
    const sampling = params as unknown as { temperature?: number; top_p?: number };
    if (options.temperature !== undefined || options.topP !== undefined) {
      if (supportsSampling(modelId)) {
        if (options.temperature !== undefined) sampling.temperature = Math.min(1, options.temperature);
        if (options.temperature !== undefined && options.temperature > 1) warnings.push('temperature above 1 is capped at 1 for Anthropic');
        if (options.topP !== undefined) sampling.top_p = options.topP;
      } else {
        warnings.push(`${modelId} does not accept temperature/top_p; ignored`);
      }
    }
    if (options.stopSequences?.length) params.stop_sequences = options.stopSequences;
    if (options.seed !== undefined) warnings.push('seed is not supported by Anthropic; ignored');
    if (options.responseFormat) {
      // The router sends an object root (it wraps any other), as a tool's input must be.
      params.tools = [
        {
          name: options.responseFormat.name,
          description: options.responseFormat.description ?? `Answer with the '${options.responseFormat.name}' object.`,
          input_schema: options.responseFormat.schema as Anthropic.Tool.InputSchema,
        },
      ];
      params.tool_choice = { type: 'tool', name: options.responseFormat.name };
    }
    return { params, warnings };
  }

  return {
    provider,
    modelId,
    async generate(options): Promise<LanguageModelResult> {
      const { params, warnings } = body(options);
      let message;
      try {
        message = await client.messages.create(params, { signal: options.abortSignal });
      } catch (error) {
        throw anthropicErrorToLlmError(error, provider, modelId, secrets);
      }
      if (!message || !Array.isArray(message.content)) {
        throw transportFailureToError({
          provider,
          model: modelId,
          kind: 'malformed-response',
          detail: 'the answer has no content',
          secrets,
        });
      }
      let text = '';
      if (options.responseFormat) {
        const call = message.content.find((b) => b.type === 'tool_use' && b.name === options.responseFormat?.name);
        const input = call && call.type === 'tool_use' ? (call.input as Record<string, unknown>) : undefined;
        // No tool call means the model answered in prose; the router's repair step gets that text.
        text = input ? JSON.stringify(input) : message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      } else {
        text = message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
      }
      const reason = options.responseFormat && message.stop_reason === 'tool_use' ? 'stop' : finishReason(message.stop_reason);
      return { text, finishReason: reason, usage: usageOf(message.usage), warnings, responseModelId: message.model };
    },
    async *stream(options): AsyncIterable<StreamPart> {
      const { params } = body(options);
      let reason: FinishReason | undefined;
      const usage: AnthropicUsage = {};
      try {
        const stream = await client.messages.create({ ...params, stream: true }, { signal: options.abortSignal });
        for await (const event of stream) {
          if (event.type === 'message_start') Object.assign(usage, event.message.usage);
          else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta')
            yield { type: 'text-delta', text: event.delta.text };
          else if (event.type === 'message_delta') {
            reason = finishReason(event.delta.stop_reason);
            if (event.usage.output_tokens !== undefined && event.usage.output_tokens !== null)
              usage.output_tokens = event.usage.output_tokens;
          }
        }
      } catch (error) {
        throw anthropicErrorToLlmError(error, provider, modelId, secrets);
      }
      if (!reason)
        throw transportFailureToError({
          provider,
          model: modelId,
          kind: 'connection',
          detail: 'the stream ended before the answer finished',
          secrets,
        });
      yield { type: 'finish', finishReason: reason, usage: usageOf(usage) };
    },
  };
}
