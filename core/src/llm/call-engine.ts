/**
 * The one retry loop: runs a call down a resolved chain with per-attempt timeouts,
 * backoff honouring the provider's wait hint, fallback on retryable failures only,
 * cool-down of failing models and a concurrency limit per provider.
 */
import { CasewrightError } from '../errors/casewright-error.js';
import { LlmCallError } from '../errors/llm-call-error.js';
import { RetryError } from '../errors/retry-error.js';
import type { KeyResolver, KeyScopeIds, ResolvedKey } from '../keys/key-resolver.js';
import { describeKeySource } from '../keys/key-resolver.js';
import { backoffDelay, sleep } from './backoff.js';
import type { ConcurrencyLimiter } from './concurrency-limiter.js';
import type { CoolDown } from './cool-down.js';
import type { LanguageModel, LanguageModelCallOptions, LanguageModelResult } from './language-model.js';
import type { ProviderAdapter } from './provider.js';
import { keyEnvVars, needsKey, type ProviderFactory } from './provider-factory.js';
import type { ModelRef, ModelRegistry } from './registry.js';

export interface RouterLogger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
}

export interface EngineSettings {
  /** Retries per call in total, across the whole fallback chain. */
  maxRetries: number;
  /** Retries of one model before moving on to the next in the chain. */
  retriesPerModel: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: fall back, or give up. */
  maxRetryAfterMs: number;
  timeoutMs: number;
  /** When every call through this engine must have ended (epoch ms; the router's total time budget). */
  deadlineAt?: number | undefined;
}

export interface EngineDeps {
  registry: ModelRegistry;
  keys: KeyResolver;
  env: Record<string, string | undefined>;
  fetch?: typeof fetch | undefined;
  factory: ProviderFactory;
  coolDown: CoolDown;
  limiter: (provider: string) => ConcurrencyLimiter;
  logger?: RouterLogger | undefined;
  random?: (() => number) | undefined;
  now?: (() => number) | undefined;
  settings: EngineSettings;
}

export interface EngineRequest {
  chain: readonly ModelRef[];
  options: Omit<LanguageModelCallOptions, 'abortSignal'>;
  abortSignal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  scope?: KeyScopeIds | undefined;
  /**
   * Keep the caller's abort signal linked to the answering attempt after it returns (a
   * stream still being read); the caller calls `release()` when done. The timeout still
   * ends with the attempt: it bounds the time to the first part.
   */
  holdSignal?: boolean | undefined;
}

export interface EngineOutcome<R> {
  value: R;
  ref: ModelRef;
  attempts: number;
  /** Chain members skipped for want of a key (the answer says so in its warnings). */
  skipped: string[];
  /** Unlinks the caller's abort signal (with `holdSignal`, once the stream is done). */
  release: () => void;
}

/**
 * What runs one attempt against one model (a full generate, opening a stream, or a speech or
 * transcription call through the adapter's audio models).
 */
export type Attempt<R> = (model: LanguageModel, options: LanguageModelCallOptions, adapter: ProviderAdapter) => Promise<R>;

function isLlmCallError(error: unknown): error is LlmCallError {
  return CasewrightError.isInstance(error) && error.code === 'LLM_CALL';
}

export function createCallEngine(deps: EngineDeps) {
  const adapters = new Map<string, Map<string, ProviderAdapter>>();
  const models = new Map<ProviderAdapter, Map<string, LanguageModel>>();
  const s = deps.settings;
  const now = deps.now ?? Date.now;
  /** Time left in the router's total budget (Infinity without one). */
  const remaining = () => (s.deadlineAt === undefined ? Number.POSITIVE_INFINITY : s.deadlineAt - now());
  const deadlineError = (chain: readonly ModelRef[], attempts: number, errors: unknown[]) => {
    const last = errors[errors.length - 1];
    return new RetryError({
      reason: 'deadline',
      errors,
      message:
        `${chain.map((c) => c.id).join(' -> ')}: the time budget for these calls ran out after ${attempts} attempt${attempts === 1 ? '' : 's'}` +
        (last instanceof Error ? `; last error: ${last.message}` : ''),
    });
  };

  async function modelFor(
    ref: ModelRef,
    scope: KeyScopeIds | undefined,
  ): Promise<{ model: LanguageModel; adapter: ProviderAdapter; key: ResolvedKey | undefined } | undefined> {
    const config = deps.registry.providers[ref.provider];
    if (!config)
      throw new LlmCallError({
        provider: ref.provider,
        model: ref.model,
        kind: 'bad-request',
        isRetryable: false,
        message: `no provider '${ref.provider}'`,
      });
    const key = config.type === 'offline' ? undefined : await deps.keys.resolve(ref.provider, { envVars: keyEnvVars(config), scope });
    if (!key && needsKey(config.type)) return undefined;
    let byKey = adapters.get(ref.provider);
    if (!byKey) adapters.set(ref.provider, (byKey = new Map()));
    const keyId = key?.key ?? '';
    let adapter = byKey.get(keyId);
    if (!adapter) {
      adapter = deps.factory({ name: ref.provider, config, apiKey: key?.key, env: deps.env, fetch: deps.fetch });
      byKey.set(keyId, adapter);
    }
    let byModel = models.get(adapter);
    if (!byModel) models.set(adapter, (byModel = new Map()));
    let model = byModel.get(ref.model);
    if (!model) byModel.set(ref.model, (model = adapter.languageModel(ref.model)));
    return { model, adapter, key };
  }

  function missingKeyError(ref: ModelRef): LlmCallError {
    const config = deps.registry.providers[ref.provider];
    const vars = config ? keyEnvVars(config) : [];
    return new LlmCallError({
      provider: ref.provider,
      model: ref.model,
      kind: 'auth',
      isRetryable: false,
      message:
        `no API key for provider '${ref.provider}': set ${vars.length ? vars.join(' or ') : 'apiKeyEnv in casewright.config.yaml'}, ` +
        `or run \`casewright keys set ${ref.provider}\` (see docs/providers.md)`,
    });
  }

  /** An auth failure says which key was used, so the user knows which one to fix. */
  function withKeySource(error: LlmCallError, key: ResolvedKey | undefined): LlmCallError {
    if (error.kind !== 'auth' || !key) return error;
    return new LlmCallError({
      provider: error.provider,
      model: error.model,
      status: error.status,
      kind: error.kind,
      isRetryable: false,
      body: error.body,
      message: `${error.message} (the key came from ${describeKeySource(key)})`,
    });
  }

  async function run<R>(request: EngineRequest, attempt: Attempt<R>): Promise<EngineOutcome<R>> {
    const { chain } = request;
    const errors: unknown[] = [];
    const maxAttempts = 1 + s.maxRetries;
    let attempts = 0;
    let index = 0;
    let failuresHere = 0;
    let skippedForKeys = 0;

    while (attempts < maxAttempts && index < chain.length) {
      const ref = chain[index] as ModelRef;
      const lastInChain = index === chain.length - 1;
      if (!lastInChain && deps.coolDown.isCooling(ref.id)) {
        deps.logger?.debug?.('llm.skip-cooling', { model: ref.id });
        index++;
        failuresHere = 0;
        continue;
      }
      const resolved = await modelFor(ref, request.scope);
      if (!resolved) {
        // No key for this member: the next one may have one; a chain with no keys at all says what to set.
        errors.push(missingKeyError(ref));
        skippedForKeys++;
        deps.logger?.warn?.('llm.skip-no-key', { model: ref.id });
        if (lastInChain) {
          if (skippedForKeys === chain.length) throw errors[0];
          break;
        }
        index++;
        failuresHere = 0;
        continue;
      }

      const left = remaining();
      if (left <= 0) throw deadlineError(chain, attempts, errors);
      attempts++;
      const ownTimeoutMs = request.timeoutMs ?? deps.registry.providers[ref.provider]?.timeoutMs ?? s.timeoutMs;
      // An attempt never outlives the router's total budget.
      const cutByDeadline = left < ownTimeoutMs;
      const timeoutMs = cutByDeadline ? Math.max(1, Math.floor(left)) : ownTimeoutMs;
      // One controller per attempt, linked to the caller's signal by a listener removed when
      // the attempt ends (AbortSignal.any would tie every attempt to a long-lived run signal).
      const controller = new AbortController();
      const caller = request.abortSignal;
      const onCallerAbort = () => controller.abort(caller?.reason);
      caller?.addEventListener('abort', onCallerAbort, { once: true });
      if (caller?.aborted) onCallerAbort();
      let keepLink = false;
      let timedOut = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      deps.logger?.debug?.('llm.attempt', { model: ref.id, attempt: attempts });
      try {
        const value = await deps.limiter(ref.provider).run(() => {
          // The timeout starts once a slot is free: waiting behind our own calls is not the provider being slow.
          timer = setTimeout(() => {
            timedOut = true;
            controller.abort();
          }, timeoutMs);
          return attempt(resolved.model, { ...request.options, abortSignal: controller.signal }, resolved.adapter);
        }, caller);
        deps.coolDown.success(ref.id);
        if (request.holdSignal) keepLink = true;
        const skipped = errors
          .filter((e): e is LlmCallError => isLlmCallError(e) && e.kind === 'auth' && e.status === undefined)
          .map((e) => `${e.provider}:${e.model}`);
        return { value, ref, attempts, skipped, release: () => caller?.removeEventListener('abort', onCallerAbort) };
      } catch (thrown) {
        if (timer) clearTimeout(timer);
        if (request.abortSignal?.aborted) {
          errors.push(thrown);
          throw new RetryError({ reason: 'aborted', message: `the call to ${ref.id} was cancelled`, errors });
        }
        let error: unknown = thrown;
        if (timedOut && cutByDeadline) {
          errors.push(
            new LlmCallError({
              provider: ref.provider,
              model: ref.model,
              kind: 'timeout',
              isRetryable: true,
              message: `${ref.id} was still answering when the time budget ran out`,
            }),
          );
          throw deadlineError(chain, attempts, errors);
        }
        if (timedOut) {
          error = new LlmCallError({
            provider: ref.provider,
            model: ref.model,
            kind: 'timeout',
            isRetryable: true,
            message: `${ref.id} timed out after ${timeoutMs} ms`,
          });
        } else if (!CasewrightError.isInstance(thrown)) {
          const detail = thrown instanceof Error ? thrown.message : String(thrown);
          error = new LlmCallError({
            provider: ref.provider,
            model: ref.model,
            kind: 'malformed-response',
            isRetryable: true,
            message: `${ref.id} failed: ${detail.slice(0, 200)}`,
          });
        }
        if (!isLlmCallError(error)) throw error; // OfflineModeError and other deliberate errors surface as they are.
        errors.push(error);
        deps.logger?.warn?.('llm.failure', {
          model: ref.id,
          attempt: attempts,
          kind: error.kind,
          status: error.status,
          message: error.message,
        });
        if (!error.isRetryable) throw withKeySource(error, resolved.key);

        deps.coolDown.failure(ref.id);
        failuresHere++;
        const hint = error.retryAfterMs;
        const tooLong = hint !== undefined && hint > s.maxRetryAfterMs;
        if (!lastInChain && (failuresHere > s.retriesPerModel || tooLong || deps.coolDown.isCooling(ref.id))) {
          index++;
          failuresHere = 0;
          continue;
        }
        if (tooLong || attempts >= maxAttempts) break;
        const wait =
          hint ?? backoffDelay(failuresHere - 1, { initialDelayMs: s.initialDelayMs, maxDelayMs: s.maxDelayMs, random: deps.random });
        if (wait >= remaining()) throw deadlineError(chain, attempts, errors);
        try {
          await sleep(wait, request.abortSignal);
        } catch {
          throw new RetryError({ reason: 'aborted', message: `the call to ${ref.id} was cancelled`, errors });
        }
      } finally {
        if (timer) clearTimeout(timer);
        if (!keepLink) caller?.removeEventListener('abort', onCallerAbort);
      }
    }
    const last = errors[errors.length - 1];
    const lastMessage = last instanceof Error ? last.message : String(last);
    const reason = chain.length > 1 ? 'fallbacks-exhausted' : 'max-retries-exceeded';
    throw new RetryError({
      reason,
      errors,
      message: `${chain.map((c) => c.id).join(' -> ')} failed after ${attempts} attempt${attempts === 1 ? '' : 's'}; last error: ${lastMessage}`,
    });
  }

  return { run, modelFor };
}

export type CallEngine = ReturnType<typeof createCallEngine>;
export type { LanguageModelResult };
