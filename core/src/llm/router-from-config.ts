/**
 * The router as the CLI and apps build it from a loaded `casewright.config.yaml`:
 * keys from the key store then the environment, the response cache and the spend
 * ledger on disk beside the config (under `.casewright/`).
 */
import path from 'node:path';
import type { LoadedConfig } from '../config/config.js';
import { LlmConfigSchema } from '../config/llm-config.js';
import { createKeyResolver, type KeyResolver } from '../keys/key-resolver.js';
import type { KeyStore } from '../keys/key-store.js';
import { createFileLedger, type BudgetLedger } from './budget.js';
import type { RouterLogger } from './call-engine.js';
import type { ModelRouter } from './model-router.js';
import { createDiskCache } from './response-cache.js';
import { createRouter } from './router.js';
import { BUILTIN_PROVIDERS } from './registry.js';

export interface RouterFromConfigOptions {
  env?: Record<string, string | undefined> | undefined;
  keyStore?: KeyStore | undefined;
  /** A key resolver to share (a workspace's); default: one over `keyStore` and `env`. */
  keys?: KeyResolver | undefined;
  /** Default: `<config dir>/.casewright/cache`, or the config's `cache.dir`. */
  cacheDir?: string | undefined;
  /** Turn the response cache off for this process (`--no-cache`). */
  noCache?: boolean | undefined;
  /** Default: `<config dir>/.casewright/spend.json`. */
  ledger?: BudgetLedger | undefined;
  fetch?: typeof fetch | undefined;
  logger?: RouterLogger | undefined;
  /** Told every provider key the router finds, so callers can mask it in what they print. */
  onKey?: ((key: string) => void) | undefined;
}

export async function createRouterFromConfig(loaded: LoadedConfig, options: RouterFromConfigOptions = {}): Promise<ModelRouter> {
  const config = LlmConfigSchema.parse(loaded.config);
  const env = options.env ?? process.env;
  const keys = options.keys ?? createKeyResolver({ store: options.keyStore, env, onKey: options.onKey });
  // Preloading lets isOffline()/defaultModel() answer without I/O.
  await keys.preload([...new Set([...Object.keys(BUILTIN_PROVIDERS), ...Object.keys(config.providers ?? {})])]);
  const cacheOn = !options.noCache && config.cache?.enabled !== false;
  const cacheDir = options.cacheDir ?? path.resolve(loaded.dir, config.cache?.dir ?? '.casewright/cache');
  const ttlMs = config.cache?.ttlHours === undefined ? undefined : config.cache.ttlHours * 3_600_000;
  return createRouter(config, {
    env,
    keys,
    fetch: options.fetch,
    logger: options.logger,
    cache: cacheOn ? createDiskCache(cacheDir, { ttlMs }) : undefined,
    ledger: options.ledger ?? createFileLedger(path.resolve(loaded.dir, '.casewright/spend.json')),
  });
}
