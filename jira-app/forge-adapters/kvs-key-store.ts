import { kvs } from '@forge/kvs';
import type { KeyScope, KeyStore, StoredKeyInfo } from '@casewright/core';

/** The part of `@forge/kvs` the store uses (secrets plus one plain index record). */
export type KvsLike = Pick<typeof kvs, 'get' | 'set' | 'delete' | 'getSecret' | 'setSecret' | 'deleteSecret'>;

const secretKey = (provider: string, scope: KeyScope, scopeId = 'default') => `key:${scope}:${scopeId}:${provider}`;
const indexKey = (scope: KeyScope, scopeId = 'default') => `keys-index:${scope}:${scopeId}`;

export function maskSecret(secret: string): string {
  return `••••${secret.slice(-4)}`;
}

/**
 * `KeyStore` over Forge KVS secrets (encrypted at rest, readable only by the
 * app's backend). A plain index record keeps the masked suffix and the date, so
 * listing never reads a secret.
 */
export function createKvsKeyStore(store: KvsLike = kvs): KeyStore {
  type Index = Record<string, { masked: string; updatedAt: string }>;
  const readIndex = async (scope: KeyScope, scopeId?: string) => ((await store.get<Index>(indexKey(scope, scopeId))) ?? {}) as Index;
  return {
    async get(provider, scope, scopeId) {
      const value = await store.getSecret<string>(secretKey(provider, scope, scopeId));
      return typeof value === 'string' && value ? value : undefined;
    },
    async set(provider, secret, scope, scopeId) {
      await store.setSecret(secretKey(provider, scope, scopeId), secret);
      const index = await readIndex(scope, scopeId);
      index[provider] = { masked: maskSecret(secret), updatedAt: new Date().toISOString() };
      await store.set(indexKey(scope, scopeId), index);
    },
    async delete(provider, scope, scopeId) {
      const index = await readIndex(scope, scopeId);
      const had = provider in index;
      await store.deleteSecret(secretKey(provider, scope, scopeId));
      delete index[provider];
      await store.set(indexKey(scope, scopeId), index);
      return had;
    },
    async list(scope = 'org', scopeId) {
      const index = await readIndex(scope, scopeId);
      return Object.entries(index).map(([provider, info]): StoredKeyInfo => ({
        provider,
        scope,
        masked: info.masked,
        updatedAt: info.updatedAt,
      }));
    },
  };
}
