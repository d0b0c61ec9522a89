/**
 * Resolves `provider:model` ids and aliases (with fallback chains) from the config.
 * An id whose provider is unknown, or an alias that does not exist, throws
 * `UnknownModelError` listing what is available.
 */
import type { ModelAlias, ProviderConfig } from '../config/llm-config.js';
import { UnknownModelError } from '../errors/unknown-model-error.js';

/** One concrete model: a configured provider and the vendor's model id. */
export interface ModelRef {
  provider: string;
  model: string;
  /** `provider:model`. */
  id: string;
}

export interface ResolvedModel {
  /** What the caller asked for (an alias or an id). */
  requested: string;
  /** The primary model first, then its fallbacks, without duplicates. */
  chain: ModelRef[];
  /** Call defaults the alias sets. */
  temperature?: number | undefined;
  maxOutputTokens?: number | undefined;
}

/** Providers that exist without configuration; `providers:` entries with the same name override them. */
export const BUILTIN_PROVIDERS: Readonly<Record<string, ProviderConfig>> = {
  openai: { type: 'openai' },
  azure: { type: 'azure' },
  anthropic: { type: 'anthropic' },
  google: { type: 'google' },
  offline: { type: 'offline' },
};

/** The model a provider type uses when the config names no alias (cheap, capable, current as of the price table's date). */
export const DEFAULT_MODEL_BY_TYPE: Readonly<Partial<Record<ProviderConfig['type'], string>>> = {
  openai: 'gpt-4.1-mini',
  azure: 'gpt-4.1-mini',
  anthropic: 'claude-haiku-4-5',
  google: 'gemini-2.5-flash',
  offline: 'rules',
};

export interface ModelRegistry {
  readonly providers: Readonly<Record<string, ProviderConfig>>;
  readonly aliases: Readonly<Record<string, ModelAlias>>;
  resolve(idOrAlias: string): ResolvedModel;
  /** Parses a `provider:model` id (not an alias). */
  parseId(id: string): ModelRef;
  /** Aliases and every `provider:model` id named in the config. */
  list(): string[];
}

export function createModelRegistry(options: {
  providers?: Record<string, ProviderConfig> | undefined;
  models?: Record<string, ModelAlias> | undefined;
}): ModelRegistry {
  const providers: Record<string, ProviderConfig> = { ...BUILTIN_PROVIDERS, ...options.providers };
  const aliases: Record<string, ModelAlias> = { ...options.models };
  const memo = new Map<string, ResolvedModel>();

  function available(): string[] {
    return [
      ...Object.keys(aliases).sort(),
      ...Object.keys(providers)
        .sort()
        .map((p) => `${p}:<model>`),
    ];
  }

  function parseId(id: string): ModelRef {
    const colon = id.indexOf(':');
    if (colon <= 0 || colon === id.length - 1) {
      throw new UnknownModelError(id, available(), "use an alias or 'provider:model', e.g. 'openai:gpt-4.1-mini'");
    }
    // Split at the first colon only: Ollama model ids carry their own (`ollama:llama3.1:8b`).
    const provider = id.slice(0, colon);
    const model = id.slice(colon + 1);
    if (!Object.hasOwn(providers, provider)) throw new UnknownModelError(id, available(), `no provider named '${provider}'`);
    return { provider, model, id: `${provider}:${model}` };
  }

  function expand(idOrAlias: string, seen: readonly string[]): ModelRef[] {
    if (!Object.hasOwn(aliases, idOrAlias)) return [parseId(idOrAlias)];
    if (seen.includes(idOrAlias)) {
      throw new UnknownModelError(idOrAlias, available(), `alias cycle: ${[...seen, idOrAlias].join(' -> ')}`);
    }
    const alias = aliases[idOrAlias] as ModelAlias;
    const next = [...seen, idOrAlias];
    if (typeof alias === 'string') return expand(alias, next);
    return [...expand(alias.model, next), ...(alias.fallback ?? []).flatMap((f) => expand(f, next))];
  }

  function resolve(idOrAlias: string): ResolvedModel {
    const hit = memo.get(idOrAlias);
    if (hit) return hit;
    const chain: ModelRef[] = [];
    for (const ref of expand(idOrAlias, [])) if (!chain.some((c) => c.id === ref.id)) chain.push(ref);
    const alias = aliases[idOrAlias];
    const resolved: ResolvedModel = {
      requested: idOrAlias,
      chain,
      temperature: typeof alias === 'object' ? alias.temperature : undefined,
      maxOutputTokens: typeof alias === 'object' ? alias.maxOutputTokens : undefined,
    };
    memo.set(idOrAlias, resolved);
    return resolved;
  }

  function list(): string[] {
    const ids = new Set<string>(Object.keys(aliases));
    for (const alias of Object.values(aliases)) {
      const named = typeof alias === 'string' ? [alias] : [alias.model, ...(alias.fallback ?? [])];
      for (const id of named) if (id.includes(':')) ids.add(id);
    }
    return [...ids].sort();
  }

  return { providers, aliases, resolve, parseId, list };
}
