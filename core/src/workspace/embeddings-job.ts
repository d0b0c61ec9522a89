/**
 * Embeddings of the workspace's cases and stories through the router, cached by content:
 * `.casewright/index/embeddings-<model>.json` maps the sha256 of a text to its vector, so a
 * text is embedded once per model and an unchanged case is never embedded again. Used by the
 * case index (`similarCases`) and by generation's paraphrase dedupe when `index.embeddings`
 * names a model whose provider has a key; otherwise both say so and use the full text only.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../model/atomic-write.js';
import { decodeVector, encodeVector } from '../search/vectors.js';
import type { Workspace } from './workspace.js';

export const EMBEDDINGS_DIR = '.casewright/index';

export interface EmbeddingStats {
  /** Texts sent to the provider in this session, and texts served from the cache. */
  embedded: number;
  cached: number;
  /** US dollars spent on embeddings in this session (the router's price table). */
  costUsd: number;
}

export interface WorkspaceEmbedder {
  /** The configured `provider:model` (or alias). */
  readonly model: string;
  /** One vector per text (cached ones from the file, the rest through the router); the cache file is written after. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
  /** Every cached vector, by content hash (`embeddingKey`). */
  known(): Promise<Map<string, Float32Array>>;
  readonly stats: EmbeddingStats;
}

export type EmbedderChoice = { embedder: WorkspaceEmbedder; reason?: undefined } | { embedder?: undefined; reason: string };

interface CacheFile {
  v: 1;
  model: string;
  vectors: Record<string, string>;
}

/** The cache key of a text: its sha256. */
export const embeddingKey = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hashOf = embeddingKey;

/** The cache file of a model: one per model, since vectors of two models are not comparable. */
export function embeddingCacheFile(ws: Workspace, model: string): string {
  return path.join(ws.configDir, EMBEDDINGS_DIR, `embeddings-${model.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`);
}

async function loadCache(file: string, model: string): Promise<Map<string, string>> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as CacheFile;
    if (saved.v === 1 && saved.model === model && saved.vectors && typeof saved.vectors === 'object') {
      return new Map(Object.entries(saved.vectors));
    }
  } catch {
    /* no cache yet, or a broken one: texts are embedded again */
  }
  return new Map();
}

/**
 * The workspace's embedder, or why there is none (no model configured, or no key for it): the
 * caller then uses the full text only and says so with `reason`.
 */
export async function workspaceEmbedder(ws: Workspace): Promise<EmbedderChoice> {
  const model = ws.config.index?.embeddings;
  if (!model) return { reason: 'no embedding model configured (index.embeddings in casewright.config.yaml): full-text similarity only' };
  const router = await ws.router();
  let offline: boolean;
  try {
    offline = router.isOffline(model);
  } catch (error) {
    return { reason: `index.embeddings '${model}': ${(error as Error).message}; full-text similarity only` };
  }
  if (offline) return { reason: `no API key for the embedding model ${model}: full-text similarity only (offline)` };
  const file = embeddingCacheFile(ws, model);
  let cache: Map<string, string> | undefined;
  const stats: EmbeddingStats = { embedded: 0, cached: 0, costUsd: 0 };
  return {
    embedder: {
      model,
      stats,
      async known() {
        cache ??= await loadCache(file, model);
        return new Map([...cache].map(([h, v]) => [h, decodeVector(v)]));
      },
      async embed(texts, signal) {
        cache ??= await loadCache(file, model);
        const hashes = texts.map(hashOf);
        const missing = [...new Set(hashes.filter((h) => !cache!.has(h)))];
        stats.cached += hashes.filter((h) => cache!.has(h)).length;
        if (missing.length > 0) {
          const byHash = new Map(hashes.map((h, i) => [h, texts[i]!]));
          const result = await router.embed({ model, texts: missing.map((h) => byHash.get(h)!), abortSignal: signal });
          result.vectors.forEach((v, i) => cache!.set(missing[i]!, encodeVector(v)));
          stats.embedded += missing.length;
          stats.costUsd += result.cost;
          const next: CacheFile = { v: 1, model, vectors: Object.fromEntries(cache) };
          await writeFileAtomic(file, JSON.stringify(next));
        }
        return hashes.map((h) => decodeVector(cache!.get(h)!));
      },
    },
  };
}
