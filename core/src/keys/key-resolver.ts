/**
 * Finds the API key for a provider, most specific first: user → project → org →
 * system (all in the `KeyStore`), then environment variables. Answers are memoized
 * per provider and scope, so a routed call costs no store I/O after the first.
 */
import type { KeyScope, KeyStore } from './key-store.js';

export interface KeyScopeIds {
  user?: string | undefined;
  project?: string | undefined;
  org?: string | undefined;
}

export interface ResolvedKey {
  key: string;
  /** Where it came from: a store scope, or `env` (with the variable's name). */
  source: KeyScope | 'env';
  envVar?: string | undefined;
}

export interface KeyResolver {
  resolve(provider: string, options?: { envVars?: readonly string[]; scope?: KeyScopeIds | undefined }): Promise<ResolvedKey | undefined>;
  /** Without I/O: is a key known for the default scope (environment, or preloaded from the store)? */
  has(provider: string, envVars?: readonly string[]): boolean;
  /** Reads the default-scope keys of these providers from the store, so `has` can answer. */
  preload(providers: readonly string[]): Promise<void>;
  /** Forget memoized answers (after `keys set` / `keys delete`). */
  invalidate(): void;
}

/** Where each key source is described to a user (never the key itself). */
export function describeKeySource(resolved: ResolvedKey): string {
  return resolved.source === 'env' ? `environment variable ${resolved.envVar}` : `the ${resolved.source} key store`;
}

export function createKeyResolver(
  options: {
    store?: KeyStore | undefined;
    env?: Record<string, string | undefined> | undefined;
    /** Told every key found (e.g. a `SecretMasker`, so the key is masked wherever it would be printed). */
    onKey?: ((key: string) => void) | undefined;
  } = {},
): KeyResolver {
  const env = options.env ?? {};
  const memo = new Map<string, Promise<ResolvedKey | undefined>>();
  const known = new Map<string, boolean>();

  async function lookup(provider: string, envVars: readonly string[], scope: KeyScopeIds | undefined): Promise<ResolvedKey | undefined> {
    const store = options.store;
    if (store) {
      const order: Array<[KeyScope, string | undefined, boolean]> = [
        ['user', scope?.user, true],
        ['project', scope?.project, scope?.project !== undefined],
        ['org', scope?.org, scope?.org !== undefined],
        ['system', undefined, true],
      ];
      for (const [s, id, ask] of order) {
        if (!ask) continue;
        const key = await store.get(provider, s, id);
        if (key) return { key, source: s };
      }
    }
    for (const name of envVars) {
      const value = env[name];
      if (value && value.trim()) return { key: value.trim(), source: 'env', envVar: name };
    }
    return undefined;
  }

  return {
    resolve(provider, opts = {}) {
      const envVars = opts.envVars ?? [];
      const memoKey = `${provider}\u0000${envVars.join(',')}\u0000${opts.scope?.user ?? ''}\u0000${opts.scope?.project ?? ''}\u0000${opts.scope?.org ?? ''}`;
      let hit = memo.get(memoKey);
      if (!hit) {
        hit = lookup(provider, envVars, opts.scope);
        if (options.onKey)
          void hit.then(
            (r) => r && options.onKey!(r.key),
            () => undefined,
          );
        memo.set(memoKey, hit);
        // A failed store read must not stick.
        hit.catch(() => memo.delete(memoKey));
        if (!opts.scope)
          void hit.then(
            (r) => known.set(provider, r !== undefined),
            () => undefined,
          );
      }
      return hit;
    },
    has(provider, envVars = []) {
      if (known.get(provider)) return true;
      return envVars.some((name) => Boolean(env[name]?.trim()));
    },
    async preload(providers) {
      await Promise.all(
        providers.map(async (p) => {
          if (!options.store) return;
          for (const s of ['user', 'system'] as const) {
            // An unreadable entry (another master key) must not stop work with other keys:
            // it surfaces, with what to do, when that provider is actually called.
            const key = await options.store.get(p, s).catch(() => undefined);
            if (key) options.onKey?.(key);
            if (key) {
              known.set(p, true);
              return;
            }
          }
        }),
      );
    },
    invalidate() {
      memo.clear();
      known.clear();
    },
  };
}
