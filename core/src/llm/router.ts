/**
 * `createRouter`: the `ModelRouter` every caller uses. Resolves aliases and fallback
 * chains, checks the budget, serves the cache, runs the call engine, prices the answer,
 * and turns structured output into a validated object (with one repair attempt).
 */
import type { z } from 'zod';
import type { LlmConfig } from '../config/llm-config.js';
import { StructuredOutputError } from '../errors/structured-output-error.js';
import { createKeyResolver, type KeyResolver } from '../keys/key-resolver.js';
import { createBudgetGuard, createMemoryLedger, type BudgetLedger } from './budget.js';
import { createCallEngine, type RouterLogger } from './call-engine.js';
import { createConcurrencyLimiter, type ConcurrencyLimiter } from './concurrency-limiter.js';
import { createCoolDown } from './cool-down.js';
import type { ChatMessage, JsonResponseFormat, LanguageModelCallOptions, LanguageModelResult, TokenCounts } from './language-model.js';
import type {
  ModelPurpose,
  ModelRouter,
  RoutedCallRequest,
  RoutedObjectRequest,
  RoutedResult,
  RoutedStreamPart,
  RouterStats,
} from './model-router.js';
import { createPriceTable, estimateTokens } from './prices.js';
import { createProviderAdapter, keyEnvVars, needsKey, type ProviderFactory } from './provider-factory.js';
import { DEFAULT_MODEL_BY_TYPE, createModelRegistry, type ModelRef, type ResolvedModel } from './registry.js';
import { cacheKey, type ResponseCache } from './response-cache.js';
import { parseStructured, repairMessages, toProviderObjectSchema } from './structured-output.js';
import { OFFLINE_MODEL_ID } from './providers/offline/offline-provider.js';
import { streamRouted } from './router-stream.js';
import { audioTokenCounts, routeSpeech, routeTranscription, type AudioCallDeps } from './router-audio.js';
import { routeEmbedding } from './router-embed.js';

export interface RouterDeps {
  /** Where keys come from; default: the environment only. */
  keys?: KeyResolver | undefined;
  /** Environment for keys and base URLs; default: none (pass `process.env` explicitly). */
  env?: Record<string, string | undefined> | undefined;
  fetch?: typeof fetch | undefined;
  /** The response cache; without one nothing is cached. */
  cache?: ResponseCache | undefined;
  /** Where spend is kept for budgets; default: in memory. */
  ledger?: BudgetLedger | undefined;
  logger?: RouterLogger | undefined;
  /** Builds provider adapters; default: the official SDKs. */
  providerFactory?: ProviderFactory | undefined;
  now?: (() => number) | undefined;
  random?: (() => number) | undefined;
}

const DEFAULT_PURPOSE_ORDER = ['openai', 'anthropic', 'google'];
const ESTIMATED_OUTPUT_TOKENS = 1024;

function emptyUsage(): TokenCounts {
  return { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
}

export function createRouter(config: LlmConfig = {}, deps: RouterDeps = {}): ModelRouter {
  const env = deps.env ?? {};
  const now = deps.now ?? Date.now;
  const registry = createModelRegistry({ providers: config.providers, models: config.models });
  const keys = deps.keys ?? createKeyResolver({ env });
  const providerTypes = Object.fromEntries(Object.entries(registry.providers).map(([n, p]) => [n, p.type]));
  const prices = createPriceTable(config.prices ?? {}, providerTypes);
  const budget = createBudgetGuard(config.budgets, deps.ledger ?? createMemoryLedger(), now);
  const limiters = new Map<string, ConcurrencyLimiter>();
  const r = config.router ?? {};
  const engine = createCallEngine({
    registry,
    keys,
    env,
    fetch: deps.fetch,
    factory: deps.providerFactory ?? createProviderAdapter,
    coolDown: createCoolDown({ threshold: r.coolDownAfterFailures ?? 8, coolDownMs: r.coolDownMs ?? 10_000, now }),
    limiter: (provider) => {
      let limiter = limiters.get(provider);
      if (!limiter) limiters.set(provider, (limiter = createConcurrencyLimiter(registry.providers[provider]?.maxConcurrency ?? 8)));
      return limiter;
    },
    logger: deps.logger,
    random: deps.random,
    now,
    settings: {
      maxRetries: r.maxRetries ?? 3,
      retriesPerModel: 1,
      initialDelayMs: r.initialDelayMs ?? 500,
      maxDelayMs: r.maxDelayMs ?? 20_000,
      maxRetryAfterMs: 60_000,
      timeoutMs: r.timeoutMs ?? 60_000,
      deadlineAt: r.totalTimeoutMs === undefined ? undefined : now() + r.totalTimeoutMs,
    },
  });
  const stats: RouterStats = {
    calls: 0,
    successes: 0,
    failures: 0,
    attempts: 0,
    cacheHits: 0,
    costUsd: 0,
    usage: emptyUsage(),
    costByOrg: {},
    costByModel: {},
  };
  const schemas = new WeakMap<object, { schema: Record<string, unknown>; wrapped: boolean }>();

  function hasKey(ref: ModelRef): boolean {
    const p = registry.providers[ref.provider];
    if (!p || p.type === 'offline') return false;
    return !needsKey(p.type) || keys.has(ref.provider, keyEnvVars(p));
  }

  function defaultModel(purpose: ModelPurpose = 'generate'): string {
    if (Object.hasOwn(registry.aliases, purpose)) return purpose;
    if (Object.hasOwn(registry.aliases, 'default')) return 'default';
    // Built-in providers first, then configured ones of the same types. Azure is left out: its
    // model ids are deployment names we cannot guess (name one with an alias).
    const names = [...DEFAULT_PURPOSE_ORDER, ...Object.keys(registry.providers).filter((n) => !DEFAULT_PURPOSE_ORDER.includes(n))];
    for (const name of names) {
      const p = registry.providers[name];
      if (!p || !['openai', 'anthropic', 'google'].includes(p.type)) continue;
      const model = DEFAULT_MODEL_BY_TYPE[p.type];
      if (model && hasKey({ provider: name, model, id: `${name}:${model}` })) return `${name}:${model}`;
    }
    return OFFLINE_MODEL_ID;
  }

  function isOffline(model?: string): boolean {
    const resolved = registry.resolve(model ?? defaultModel('generate'));
    return !resolved.chain.some(hasKey);
  }

  function callOptions(
    request: RoutedCallRequest,
    resolved: ResolvedModel,
    messages: ChatMessage[],
    format?: JsonResponseFormat,
  ): Omit<LanguageModelCallOptions, 'abortSignal'> {
    return {
      messages,
      temperature: request.temperature ?? resolved.temperature,
      maxOutputTokens: request.maxOutputTokens ?? resolved.maxOutputTokens,
      topP: request.topP,
      stopSequences: request.stopSequences,
      seed: request.seed,
      responseFormat: format,
    };
  }

  function useCache(request: RoutedCallRequest, temperature: number | undefined): boolean {
    if (!deps.cache) return false;
    if (request.cache !== undefined) return request.cache;
    // A sampling judge is asked again on purpose (repeat runs measure its variance).
    return !(request.purpose === 'judge' && (temperature ?? 1) > 0);
  }

  function org(request: Pick<RoutedCallRequest, 'scope'>): string {
    return request.scope?.org ?? 'default';
  }

  async function checkBudget(request: RoutedCallRequest, resolved: ResolvedModel, messages: ChatMessage[]): Promise<void> {
    if (budget.limitFor(org(request)) === undefined) return;
    const primary = resolved.chain[0];
    if (!primary) return;
    const input = estimateTokens(messages.map((m) => m.content).join('\n'));
    const output = request.maxOutputTokens ?? resolved.maxOutputTokens ?? ESTIMATED_OUTPUT_TOKENS;
    const estimate = prices.cost(primary.provider, primary.model, { inputTokens: input, outputTokens: output }).usd;
    await budget.check(org(request), estimate);
  }

  /** Prices an answer and counts it once: in the result, the run totals and the org's ledger. */
  async function account(request: RoutedCallRequest, ref: ModelRef, usage: TokenCounts, warnings: string[]): Promise<number> {
    const { usd, priced } = prices.cost(ref.provider, ref.model, usage);
    if (!priced) warnings.push(`no price for ${ref.id}; cost counted as 0 (add it under prices: in casewright.config.yaml)`);
    await record(request, ref, usd, usage);
    return usd;
  }

  async function record(request: Pick<RoutedCallRequest, 'scope'>, ref: ModelRef, usd: number, usage: TokenCounts): Promise<void> {
    stats.costUsd += usd;
    stats.costByOrg[org(request)] = (stats.costByOrg[org(request)] ?? 0) + usd;
    stats.costByModel[ref.id] = (stats.costByModel[ref.id] ?? 0) + usd;
    stats.usage.inputTokens += usage.inputTokens;
    stats.usage.outputTokens += usage.outputTokens;
    stats.usage.cachedInputTokens = (stats.usage.cachedInputTokens ?? 0) + (usage.cachedInputTokens ?? 0);
    await budget.record(org(request), usd);
  }

  const audio: AudioCallDeps = {
    engine,
    now,
    checkBudget: async (request, estimate) => {
      if (budget.limitFor(org(request)) !== undefined) await budget.check(org(request), estimate);
    },
    account: async (request, ref, usage, warnings) => {
      const { usd, priced } = prices.audioCost(ref.provider, ref.model, usage);
      if (!priced) warnings.push(`no price for ${ref.id}; cost counted as 0 (add it under prices: in casewright.config.yaml)`);
      await record(request, ref, usd, audioTokenCounts(usage));
      return usd;
    },
    estimate: (ref, usage) => prices.audioCost(ref.provider, ref.model, usage).usd,
    count: (ok, attempts) => {
      stats.calls++;
      stats.attempts += attempts;
      if (ok) stats.successes++;
      else stats.failures++;
    },
  };

  /** One routed call, uncached: budget, engine, price. */
  async function execute(
    request: RoutedCallRequest,
    resolved: ResolvedModel,
    messages: ChatMessage[],
    format?: JsonResponseFormat,
  ): Promise<RoutedResult> {
    await checkBudget(request, resolved, messages);
    const started = now();
    stats.calls++;
    try {
      const outcome = await engine.run(
        {
          chain: resolved.chain,
          options: callOptions(request, resolved, messages, format),
          abortSignal: request.abortSignal,
          timeoutMs: request.timeoutMs,
          scope: request.scope,
        },
        (model, options) => model.generate(options),
      );
      const result: LanguageModelResult = outcome.value;
      stats.successes++;
      stats.attempts += outcome.attempts;
      const warnings = [...result.warnings, ...outcome.skipped.map((id) => `skipped ${id}: no API key`)];
      const cost = await account(request, outcome.ref, result.usage, warnings);
      return {
        text: result.text,
        finishReason: result.finishReason,
        usage: result.usage,
        cost,
        latencyMs: now() - started,
        attempts: outcome.attempts,
        model: outcome.ref.id,
        cached: false,
        warnings,
      };
    } catch (error) {
      stats.failures++;
      const attempts = (error as { errors?: unknown[] }).errors?.length;
      stats.attempts += attempts ?? 1;
      throw error;
    }
  }

  function keyFor(resolved: ResolvedModel, options: Omit<LanguageModelCallOptions, 'abortSignal'>): string {
    return cacheKey({ chain: resolved.chain.map((c) => c.id), ...options });
  }

  async function fromCache(key: string, started: number): Promise<RoutedResult | undefined> {
    const hit = await deps.cache?.get(key);
    if (!hit) return undefined;
    stats.cacheHits++;
    return {
      text: hit.text,
      finishReason: hit.finishReason,
      usage: hit.usage,
      cost: 0,
      latencyMs: now() - started,
      attempts: 0,
      model: hit.model,
      cached: true,
      warnings: [],
    };
  }

  async function store(key: string, result: RoutedResult): Promise<void> {
    await deps.cache?.set(key, {
      text: result.text,
      finishReason: result.finishReason,
      usage: result.usage,
      model: result.model,
      createdAt: now(),
    });
  }

  async function generateText(request: RoutedCallRequest): Promise<RoutedResult> {
    const resolved = registry.resolve(request.model);
    const options = callOptions(request, resolved, request.messages);
    const cached = useCache(request, options.temperature);
    const started = now();
    const key = cached ? keyFor(resolved, options) : '';
    if (cached) {
      const hit = await fromCache(key, started);
      if (hit) return hit;
    }
    const result = await execute(request, resolved, request.messages);
    if (cached) await store(key, result);
    return result;
  }

  async function generateObject<T>(request: RoutedObjectRequest<T>): Promise<RoutedResult & { object: T }> {
    const resolved = registry.resolve(request.model);
    let converted = schemas.get(request.schema);
    if (!converted) schemas.set(request.schema, (converted = toProviderObjectSchema(request.schema as z.ZodType)));
    const { schema, wrapped } = converted;
    const format: JsonResponseFormat = { type: 'json', name: request.schemaName, schema, description: request.schemaDescription };
    const options = callOptions(request, resolved, request.messages, format);
    const cached = useCache(request, options.temperature);
    const started = now();
    const key = cached ? keyFor(resolved, options) : '';
    if (cached) {
      const hit = await fromCache(key, started);
      const parsed = hit ? parseStructured(hit.text, request.schema, wrapped) : undefined;
      if (hit && parsed?.ok) return { ...hit, object: parsed.value };
    }
    const first = await execute(request, resolved, request.messages, format);
    const parsed = parseStructured(first.text, request.schema, wrapped);
    if (parsed.ok) {
      if (cached) await store(key, first);
      return { ...first, object: parsed.value };
    }
    // One repair: the model sees its answer and what was wrong with it.
    // It goes to the model that gave the answer (then the rest of its chain), not back to the head.
    const retryMessages = repairMessages(request.messages, first.text, parsed.issues, request.schemaName);
    const from = Math.max(
      0,
      resolved.chain.findIndex((c) => c.id === first.model),
    );
    const second = await execute(request, { ...resolved, chain: resolved.chain.slice(from) }, retryMessages, format);
    const repaired = parseStructured(second.text, request.schema, wrapped);
    const merged: RoutedResult = {
      ...second,
      cost: first.cost + second.cost,
      attempts: first.attempts + second.attempts,
      latencyMs: now() - started,
      usage: {
        inputTokens: first.usage.inputTokens + second.usage.inputTokens,
        outputTokens: first.usage.outputTokens + second.usage.outputTokens,
        cachedInputTokens: (first.usage.cachedInputTokens ?? 0) + (second.usage.cachedInputTokens ?? 0),
      },
      warnings: [...first.warnings, `repaired invalid JSON (${parsed.issues[0] ?? 'invalid'})`, ...second.warnings],
    };
    if (!repaired.ok) {
      throw new StructuredOutputError({
        model: second.model,
        schemaName: request.schemaName,
        text: second.text,
        issues: repaired.issues,
        cost: merged.cost,
        attempts: merged.attempts,
      });
    }
    if (cached) await store(key, { ...second });
    return { ...merged, object: repaired.value };
  }

  function streamText(request: RoutedCallRequest): AsyncIterable<RoutedStreamPart> {
    const resolved = registry.resolve(request.model);
    return streamRouted({
      engine,
      resolved,
      options: callOptions(request, resolved, request.messages),
      request,
      now,
      checkBudget: () => checkBudget(request, resolved, request.messages),
      account: (ref, usage, warnings) => account(request, ref, usage, warnings),
      count: (ok, attempts) => {
        stats.calls++;
        stats.attempts += attempts;
        if (ok) stats.successes++;
        else stats.failures++;
      },
    });
  }

  return {
    generateText,
    generateObject,
    streamText,
    generateSpeech: (request) => routeSpeech(audio, registry.resolve(request.model), request),
    transcribe: (request) => routeTranscription(audio, registry.resolve(request.model), request),
    embed: (request) => routeEmbedding(audio, registry.resolve(request.model), request),
    listModels: () => registry.list(),
    isOffline,
    defaultModel,
    stats: () => structuredClone(stats),
  };
}
