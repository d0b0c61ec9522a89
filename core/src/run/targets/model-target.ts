// model target: a provider model through the router, with the target's system prompt and parameters.
import { TargetError } from '../../errors/target-error.js';
import type { ChatMessage } from '../../llm/language-model.js';
import type { ModelRouter } from '../../llm/model-router.js';
import type { ModelTargetConfig } from '../../config/target-config.js';
import type { Target, TargetReply, TargetRequest } from './target.js';

export interface ModelTargetOptions {
  name: string;
  config: ModelTargetConfig;
  router: ModelRouter | undefined;
}

/** Creates a model target. Without a router (no providers configured) every call is a `TargetError`. */
export function createModelTarget(options: ModelTargetOptions): Target {
  const { config, name, router } = options;
  return {
    name,
    type: 'model',
    async call(request: TargetRequest): Promise<TargetReply> {
      if (!router) {
        throw new TargetError(
          `target '${name}': no provider is configured to call ${config.model} (add providers to casewright.config.yaml or set its API key)`,
          {
            code: 'TARGET_MODEL',
          },
        );
      }
      const messages: ChatMessage[] = config.system ? [{ role: 'system', content: config.system }, ...request.messages] : request.messages;
      try {
        const result = await router.generateText({
          model: config.model,
          messages,
          temperature: config.temperature,
          maxOutputTokens: config.maxOutputTokens,
          topP: config.topP,
          seed: config.seed,
          timeoutMs: config.timeoutMs,
          abortSignal: request.signal,
          cache: request.cache,
          purpose: 'target',
        });
        const { inputTokens, outputTokens, cachedInputTokens } = result.usage;
        return {
          output: result.text,
          latencyMs: result.latencyMs,
          cost: result.cost,
          cached: result.cached,
          tokenUsage: {
            input: inputTokens,
            output: outputTokens,
            total: inputTokens + outputTokens,
            ...(cachedInputTokens !== undefined ? { cachedInput: cachedInputTokens } : {}),
          },
        };
      } catch (error) {
        throw new TargetError(`target '${name}' (${config.model}): ${(error as Error).message}`, { code: 'TARGET_MODEL', cause: error });
      }
    },
  };
}
