/**
 * Routed embeddings: the same call engine as text and audio (retries honouring Retry-After,
 * fallback along the chain, cool-down, per-provider concurrency), a budget check before and
 * the call priced after by input tokens (the price table's `input` rate). Long lists go in
 * batches of at most 100 texts (Gemini's limit per call; OpenAI takes more).
 */
import type { RoutedEmbeddingRequest, RoutedEmbeddingResult } from './model-router.js';
import { estimateTokens } from './prices.js';
import { noAudio } from './provider-factory.js';
import type { ResolvedModel } from './registry.js';
import { routed, type AudioCallDeps } from './router-audio.js';

const BATCH = 100;

export async function routeEmbedding(
  deps: AudioCallDeps,
  resolved: ResolvedModel,
  request: RoutedEmbeddingRequest,
): Promise<RoutedEmbeddingResult> {
  const out: RoutedEmbeddingResult = {
    vectors: [],
    usage: { inputTokens: 0 },
    warnings: [],
    cost: 0,
    latencyMs: 0,
    attempts: 0,
    model: '',
  };
  for (let start = 0; start < request.texts.length; start += BATCH) {
    const texts = request.texts.slice(start, start + BATCH);
    const estimate = { inputTokens: texts.reduce((sum, t) => sum + estimateTokens(t), 0) };
    const result = await routed(deps, resolved, request, estimate, (adapter, ref, signal) => {
      if (!adapter.embeddingModel) throw noAudio(ref.provider, adapter.type, ref.model, 'embeddings');
      return adapter.embeddingModel(ref.model).embed({ texts, abortSignal: signal });
    });
    out.vectors.push(...result.vectors);
    out.usage.inputTokens += result.usage.inputTokens;
    for (const w of result.warnings) if (!out.warnings.includes(w)) out.warnings.push(w);
    out.cost += result.cost;
    out.latencyMs += result.latencyMs;
    out.attempts += result.attempts;
    out.model = result.model;
  }
  return out;
}
