/**
 * Builds a provider adapter from its config entry, the resolved key and the
 * environment. Settings come from the config first, then the environment
 * (`OPENAI_BASE_URL`, `AZURE_OPENAI_ENDPOINT`, ...), then the SDK's default.
 */
import type { ProviderConfig, ProviderType } from '../config/llm-config.js';
import { UsageError } from '../errors/usage-error.js';
import type { LanguageModel } from './language-model.js';
import type { SpeechModel, TranscriptionModel } from './audio-model.js';
import type { EmbeddingModel } from './embedding-model.js';
import { LlmCallError } from '../errors/llm-call-error.js';
import type { ProviderAdapter, ProviderSettings } from './provider.js';
import { createOfflineProvider } from './providers/offline/offline-provider.js';

/** Environment variables that hold each provider type's key, in order of preference. */
export const KEY_ENV_VARS: Readonly<Record<ProviderType, readonly string[]>> = {
  openai: ['OPENAI_API_KEY'],
  azure: ['AZURE_OPENAI_API_KEY'],
  anthropic: ['ANTHROPIC_API_KEY'],
  google: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  'openai-compatible': [],
  offline: [],
};

/** Environment variables that override each provider type's base URL. */
export const BASE_URL_ENV_VARS: Readonly<Record<ProviderType, string | undefined>> = {
  openai: 'OPENAI_BASE_URL',
  azure: 'AZURE_OPENAI_ENDPOINT',
  anthropic: 'ANTHROPIC_BASE_URL',
  google: 'GOOGLE_GEMINI_BASE_URL',
  'openai-compatible': undefined,
  offline: undefined,
};

/** Types that cannot be called without a key (local OpenAI-compatible servers usually need none). */
export function needsKey(type: ProviderType): boolean {
  return type === 'openai' || type === 'azure' || type === 'anthropic' || type === 'google';
}

/**
 * The env vars to look in for a provider's key: its `apiKeyEnv` only when set (a key meant
 * for api.openai.com must not go to another server by default), else the type's defaults.
 */
export function keyEnvVars(config: ProviderConfig): readonly string[] {
  return config.apiKeyEnv ? [config.apiKeyEnv] : KEY_ENV_VARS[config.type];
}

export interface ProviderFactoryInput {
  name: string;
  config: ProviderConfig;
  apiKey: string | undefined;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch | undefined;
}

export type ProviderFactory = (input: ProviderFactoryInput) => ProviderAdapter;

/**
 * An adapter whose SDK is imported on its first call. The three SDKs take about a second to
 * import; a CLI command that never calls a model (validate, keys) should not pay for them.
 */
function lazyAdapter(name: string, type: ProviderType, load: () => Promise<ProviderAdapter>): ProviderAdapter {
  let adapter: Promise<ProviderAdapter> | undefined;
  const get = () => (adapter ??= load());
  return {
    name,
    type,
    languageModel(modelId): LanguageModel {
      let model: LanguageModel | undefined;
      const resolve = async () => (model ??= (await get()).languageModel(modelId));
      return {
        provider: name,
        modelId,
        generate: async (options) => (model ?? (await resolve())).generate(options),
        stream: async function* (options) {
          const m = model ?? (await resolve());
          if (!m.stream) {
            const result = await m.generate(options);
            yield { type: 'text-delta', text: result.text };
            yield { type: 'finish', finishReason: result.finishReason, usage: result.usage };
            return;
          }
          yield* m.stream(options);
        },
      };
    },
    speechModel(modelId): SpeechModel {
      return {
        provider: name,
        modelId,
        generate: async (options) => {
          const adapter = await get();
          if (!adapter.speechModel) throw noAudio(name, type, modelId, 'speech');
          return adapter.speechModel(modelId).generate(options);
        },
      };
    },
    transcriptionModel(modelId): TranscriptionModel {
      return {
        provider: name,
        modelId,
        transcribe: async (options) => {
          const adapter = await get();
          if (!adapter.transcriptionModel) throw noAudio(name, type, modelId, 'transcription');
          return adapter.transcriptionModel(modelId).transcribe(options);
        },
      };
    },
    embeddingModel(modelId): EmbeddingModel {
      return {
        provider: name,
        modelId,
        // Known before the SDK loads: the router splits long lists by it.
        maxBatch: type === 'google' ? 100 : 2048,
        embed: async (options) => {
          const adapter = await get();
          if (!adapter.embeddingModel) throw noAudio(name, type, modelId, 'embeddings');
          return adapter.embeddingModel(modelId).embed(options);
        },
      };
    },
  };
}

/** A provider without speech, transcription or embeddings: a configuration mistake, never retried. */
export function noAudio(name: string, type: ProviderType, modelId: string, what: 'speech' | 'transcription' | 'embeddings'): LlmCallError {
  const doc = what === 'embeddings' ? 'docs/learning.md' : 'docs/voice.md';
  return new LlmCallError({
    provider: name,
    model: modelId,
    kind: 'bad-request',
    isRetryable: false,
    message: `provider '${name}' (${type}) has no ${what} models; use an openai or google provider for ${what} (see ${doc})`,
  });
}

/** The default factory over the official SDKs (each loaded on first use). */
export const createProviderAdapter: ProviderFactory = ({ name, config, apiKey, env, fetch }) => {
  const envUrl = BASE_URL_ENV_VARS[config.type];
  const baseURL = config.baseURL ?? (envUrl ? env[envUrl] : undefined);
  const common: ProviderSettings = { name, apiKey, baseURL, headers: config.headers, fetch };
  if (!baseURL && (config.type === 'azure' || config.type === 'openai-compatible')) {
    const where =
      config.type === 'azure'
        ? 'baseURL (your resource endpoint) or AZURE_OPENAI_ENDPOINT'
        : 'baseURL (e.g. http://localhost:11434/v1 for Ollama)';
    throw new UsageError(`provider '${name}' (${config.type}) has no endpoint: set ${where} in casewright.config.yaml`);
  }
  switch (config.type) {
    case 'openai':
    case 'openai-compatible': {
      const flavour = config.type;
      return lazyAdapter(name, flavour, async () =>
        (await import('./providers/openai/openai-provider.js')).createOpenAIProvider({ ...common, flavour }),
      );
    }
    case 'azure':
      return lazyAdapter(name, 'azure', async () =>
        (await import('./providers/openai/openai-provider.js')).createOpenAIProvider({
          ...common,
          flavour: 'azure',
          apiVersion: config.apiVersion ?? env.OPENAI_API_VERSION,
          deployment: config.deployment,
        }),
      );
    case 'anthropic':
      return lazyAdapter(name, 'anthropic', async () =>
        (await import('./providers/anthropic/anthropic-provider.js')).createAnthropicProvider(common),
      );
    case 'google':
      return lazyAdapter(name, 'google', async () => (await import('./providers/google/google-provider.js')).createGoogleProvider(common));
    case 'offline':
      return createOfflineProvider(name);
  }
};
