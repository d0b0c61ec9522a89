/**
 * Builds a provider adapter from its config entry, the resolved key and the
 * environment. Settings come from the config first, then the environment
 * (`OPENAI_BASE_URL`, `AZURE_OPENAI_ENDPOINT`, ...), then the SDK's default.
 */
import type { ProviderConfig, ProviderType } from '../config/llm-config.js';
import type { ProviderAdapter } from './provider.js';
import { createAnthropicProvider } from './providers/anthropic/anthropic-provider.js';
import { createGoogleProvider } from './providers/google/google-provider.js';
import { createOfflineProvider } from './providers/offline/offline-provider.js';
import { createOpenAIProvider } from './providers/openai/openai-provider.js';

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

/** The env vars to look in for a provider's key: its `apiKeyEnv`, then the type's defaults. */
export function keyEnvVars(config: ProviderConfig): readonly string[] {
  return config.apiKeyEnv ? [config.apiKeyEnv, ...KEY_ENV_VARS[config.type]] : KEY_ENV_VARS[config.type];
}

export interface ProviderFactoryInput {
  name: string;
  config: ProviderConfig;
  apiKey: string | undefined;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch | undefined;
}

export type ProviderFactory = (input: ProviderFactoryInput) => ProviderAdapter;

/** The default factory over the official SDKs. */
export const createProviderAdapter: ProviderFactory = ({ name, config, apiKey, env, fetch }) => {
  const envUrl = BASE_URL_ENV_VARS[config.type];
  const baseURL = config.baseURL ?? (envUrl ? env[envUrl] : undefined);
  const common = { name, apiKey, baseURL, headers: config.headers, fetch };
  switch (config.type) {
    case 'openai':
    case 'openai-compatible':
      return createOpenAIProvider({ ...common, flavour: config.type });
    case 'azure':
      return createOpenAIProvider({
        ...common,
        flavour: 'azure',
        apiVersion: config.apiVersion ?? env.OPENAI_API_VERSION,
        deployment: config.deployment,
      });
    case 'anthropic':
      return createAnthropicProvider(common);
    case 'google':
      return createGoogleProvider(common);
    case 'offline':
      return createOfflineProvider(name);
  }
};
