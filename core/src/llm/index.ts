export * from './language-model.js';
export * from './model-router.js';
export * from './audio-model.js';
export { createRouter, type RouterDeps } from './router.js';
export { createRouterFromConfig, type RouterFromConfigOptions } from './router-from-config.js';
export type { RouterLogger } from './call-engine.js';
export {
  createModelRegistry,
  BUILTIN_PROVIDERS,
  DEFAULT_MODEL_BY_TYPE,
  type ModelRef,
  type ModelRegistry,
  type ResolvedModel,
} from './registry.js';
export { createPriceTable, DEFAULT_PRICES, estimateTokens, type PriceTable } from './prices.js';
export { createBudgetGuard, createMemoryLedger, createFileLedger, monthOf, type BudgetLedger, type BudgetGuard } from './budget.js';
export { createDiskCache, createMemoryCache, cacheKey, type ResponseCache, type CachedResponse } from './response-cache.js';
export {
  createProviderAdapter,
  KEY_ENV_VARS,
  BASE_URL_ENV_VARS,
  keyEnvVars,
  needsKey,
  type ProviderFactory,
  type ProviderFactoryInput,
} from './provider-factory.js';
export type { ProviderAdapter, ProviderSettings } from './provider.js';
// The vendor adapters are reached through createProviderAdapter, which imports each SDK on
// first use; exporting them here would make every `import '@casewright/core'` load all three.
export { createOfflineProvider, OFFLINE_MODEL_ID } from './providers/offline/offline-provider.js';
export { parseRetryAfter, parseRetryInfo, redact } from './provider-error.js';
export { toProviderJsonSchema, parseStructured } from './structured-output.js';
