/**
 * The response cache, content-addressed: the key is a SHA-256 of provider, model,
 * messages and every parameter that changes the answer. Entries hold the answer and
 * usage, never a key. On disk for the CLI (one JSON file per entry), in memory elsewhere.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { stableJson } from '../util/stable-json.js';
import { writeFileAtomic } from '../model/atomic-write.js';
import type { FinishReason, TokenCounts } from './language-model.js';

export interface CachedResponse {
  text: string;
  finishReason: FinishReason;
  usage: TokenCounts;
  /** The `provider:model` that answered. */
  model: string;
  createdAt: number;
}

export interface ResponseCache {
  get(key: string): Promise<CachedResponse | undefined>;
  set(key: string, value: CachedResponse): Promise<void>;
}

/** The cache key of a call: stable JSON of everything that shapes the answer. */
export function cacheKey(parts: Record<string, unknown>): string {
  return createHash('sha256').update(stableJson(parts)).digest('hex');
}

export function createMemoryCache(): ResponseCache {
  const entries = new Map<string, CachedResponse>();
  return {
    get: async (key) => entries.get(key),
    set: async (key, value) => {
      entries.set(key, value);
    },
  };
}

/** One file per entry under `dir/<first 2 hex>/<hash>.json`; entries older than `ttlMs` are misses. */
export function createDiskCache(dir: string, options: { ttlMs?: number | undefined; now?: () => number } = {}): ResponseCache {
  const now = options.now ?? Date.now;
  const fileOf = (key: string) => path.join(dir, key.slice(0, 2), `${key}.json`);
  return {
    async get(key) {
      try {
        const entry = JSON.parse(await readFile(fileOf(key), 'utf8')) as CachedResponse;
        if (options.ttlMs !== undefined && now() - entry.createdAt > options.ttlMs) return undefined;
        return entry;
      } catch {
        return undefined;
      }
    },
    async set(key, value) {
      await writeFileAtomic(fileOf(key), JSON.stringify(value));
    },
  };
}
