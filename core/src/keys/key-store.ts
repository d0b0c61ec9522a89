/**
 * Where provider keys live. The CLI stores them in an AES-256-GCM encrypted
 * file, the Jira app in Forge KVS secrets, the extension in SecretStorage.
 * A store never returns a key to a listing: only a masked suffix.
 */
export type KeyScope = 'user' | 'project' | 'org' | 'system';

export interface StoredKeyInfo {
  provider: string;
  scope: KeyScope;
  /** e.g. `••••a1b2` — never more than the last 4 characters. */
  masked: string;
  updatedAt?: string | undefined;
}

export interface KeyStore {
  get(provider: string, scope: KeyScope, scopeId?: string): Promise<string | undefined>;
  set(provider: string, secret: string, scope: KeyScope, scopeId?: string): Promise<void>;
  delete(provider: string, scope: KeyScope, scopeId?: string): Promise<boolean>;
  list(scope?: KeyScope, scopeId?: string): Promise<StoredKeyInfo[]>;
}
