/**
 * Routed speech and transcription: the same call engine as text (retries with
 * backoff honouring Retry-After, fallback along the chain, cool-down, per-provider
 * concurrency), a budget check before, and the call priced once after (tokens,
 * minutes of audio or characters, whichever the vendor bills).
 */
import type { AudioUsage } from './audio-model.js';
import type { CallEngine } from './call-engine.js';
import type { TokenCounts } from './language-model.js';
import type {
  RoutedAudioFacts,
  RoutedEmbeddingRequest,
  RoutedSpeechRequest,
  RoutedSpeechResult,
  RoutedTranscriptionRequest,
  RoutedTranscriptionResult,
} from './model-router.js';
import { noAudio } from './provider-factory.js';
import type { ProviderAdapter } from './provider.js';
import type { ModelRef, ResolvedModel } from './registry.js';

export interface AudioCallDeps {
  engine: CallEngine;
  now: () => number;
  /** Throws `BudgetExceededError` when the estimate does not fit the org's budget. */
  checkBudget: (request: RoutedSpeechRequest | RoutedTranscriptionRequest | RoutedEmbeddingRequest, estimateUsd: number) => Promise<void>;
  /** Prices the call, records it once (stats, ledger) and returns the dollars. */
  account: (
    request: RoutedSpeechRequest | RoutedTranscriptionRequest | RoutedEmbeddingRequest,
    ref: ModelRef,
    usage: AudioUsage,
    warnings: string[],
  ) => Promise<number>;
  /** Dollars for a usage on the chain's first model (for the budget estimate). */
  estimate: (ref: ModelRef, usage: AudioUsage) => number;
  count: (ok: boolean, attempts: number) => void;
}

/** Audio usage as text-token counts for the router's totals (audio tokens count as input or output). */
export function audioTokenCounts(usage: AudioUsage): TokenCounts {
  return {
    inputTokens: (usage.inputTokens ?? 0) + (usage.audioInputTokens ?? 0),
    outputTokens: (usage.outputTokens ?? 0) + (usage.audioOutputTokens ?? 0),
  };
}

/** One routed call that is not a chat (speech, transcription, embeddings): budget, engine, price. */
export async function routed<R extends { usage: AudioUsage; warnings: string[] }>(
  deps: AudioCallDeps,
  resolved: ResolvedModel,
  request: RoutedSpeechRequest | RoutedTranscriptionRequest | RoutedEmbeddingRequest,
  estimate: AudioUsage,
  call: (adapter: ProviderAdapter, ref: ModelRef, signal: AbortSignal | undefined) => Promise<R>,
): Promise<R & RoutedAudioFacts> {
  const primary = resolved.chain[0];
  if (primary) await deps.checkBudget(request, deps.estimate(primary, estimate));
  const started = deps.now();
  let outcome;
  try {
    outcome = await deps.engine.run(
      {
        chain: resolved.chain,
        options: { messages: [] },
        abortSignal: request.abortSignal,
        timeoutMs: request.timeoutMs,
        scope: request.scope,
      },
      (model, options, adapter) =>
        call(adapter, { provider: model.provider, model: model.modelId, id: `${model.provider}:${model.modelId}` }, options.abortSignal),
    );
  } catch (error) {
    deps.count(false, (error as { errors?: unknown[] }).errors?.length ?? 1);
    throw error;
  }
  deps.count(true, outcome.attempts);
  const result = outcome.value;
  const warnings = [...result.warnings, ...outcome.skipped.map((id) => `skipped ${id}: no API key`)];
  const cost = await deps.account(request, outcome.ref, result.usage, warnings);
  const facts: RoutedAudioFacts = { cost, latencyMs: deps.now() - started, attempts: outcome.attempts, model: outcome.ref.id };
  // TypeScript cannot relate a spread generic to the intersection; the shape is exactly R plus the facts.
  return { ...result, warnings, ...facts } as unknown as R & RoutedAudioFacts;
}

export function routeSpeech(deps: AudioCallDeps, resolved: ResolvedModel, request: RoutedSpeechRequest): Promise<RoutedSpeechResult> {
  return routed(deps, resolved, request, { characters: request.text.length }, (adapter, ref, signal) => {
    if (!adapter.speechModel) throw noAudio(ref.provider, adapter.type, ref.model, 'speech');
    return adapter.speechModel(ref.model).generate({
      text: request.text,
      voice: request.voice,
      speed: request.speed,
      language: request.language,
      abortSignal: signal,
    });
  });
}

export function routeTranscription(
  deps: AudioCallDeps,
  resolved: ResolvedModel,
  request: RoutedTranscriptionRequest,
): Promise<RoutedTranscriptionResult> {
  return routed(deps, resolved, request, { seconds: request.seconds }, (adapter, ref, signal) => {
    if (!adapter.transcriptionModel) throw noAudio(ref.provider, adapter.type, ref.model, 'transcription');
    return adapter.transcriptionModel(ref.model).transcribe({
      audio: request.audio,
      seconds: request.seconds,
      language: request.language,
      abortSignal: signal,
    });
  });
}
