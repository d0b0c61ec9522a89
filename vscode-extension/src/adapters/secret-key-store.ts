import type { KeyScope, KeyStore, StoredKeyInfo } from '@casewright/core';

/** The part of `vscode.SecretStorage` the store uses (an interface, so tests need no editor). */
export interface SecretStorageLike {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

const PREFIX = 'casewright.key';
const INDEX = `${PREFIX}.index`;

function slot(provider: string, scope: KeyScope, scopeId: string | undefined): string {
  return `${PREFIX}/${scope}/${scopeId ?? ''}/${provider}`;
}

export function maskSecret(secret: string): string {
  return `••••${secret.slice(-4)}`;
}

type IndexEntry = StoredKeyInfo & { scopeId?: string | undefined };

/**
 * Core's `KeyStore` port over VS Code's `SecretStorage` (the OS keychain). SecretStorage
 * cannot list its keys, so a small index of masked entries is kept beside them; the index
 * never holds more than the last four characters of a key.
 */
export class SecretKeyStore implements KeyStore {
  private readonly known = new Set<string>();

  constructor(private readonly secrets: SecretStorageLike) {}

  /** Every secret read or written in this session, for log redaction. */
  get knownSecrets(): ReadonlySet<string> {
    return this.known;
  }

  async get(provider: string, scope: KeyScope, scopeId?: string): Promise<string | undefined> {
    const value = await this.secrets.get(slot(provider, scope, scopeId));
    if (value) this.known.add(value);
    return value;
  }

  async set(provider: string, secret: string, scope: KeyScope, scopeId?: string): Promise<void> {
    const trimmed = secret.trim();
    if (!trimmed) throw new Error(`the key for ${provider} is empty`);
    this.known.add(trimmed);
    await this.secrets.store(slot(provider, scope, scopeId), trimmed);
    const index = (await this.readIndex()).filter((e) => !(e.provider === provider && e.scope === scope && e.scopeId === scopeId));
    index.push({ provider, scope, scopeId, masked: maskSecret(trimmed), updatedAt: new Date().toISOString() });
    await this.secrets.store(INDEX, JSON.stringify(index));
  }

  async delete(provider: string, scope: KeyScope, scopeId?: string): Promise<boolean> {
    const existing = await this.secrets.get(slot(provider, scope, scopeId));
    await this.secrets.delete(slot(provider, scope, scopeId));
    const index = await this.readIndex();
    const kept = index.filter((e) => !(e.provider === provider && e.scope === scope && e.scopeId === scopeId));
    await this.secrets.store(INDEX, JSON.stringify(kept));
    return existing !== undefined;
  }

  async list(scope?: KeyScope, scopeId?: string): Promise<StoredKeyInfo[]> {
    return (await this.readIndex())
      .filter((e) => (scope === undefined || e.scope === scope) && (scopeId === undefined || e.scopeId === scopeId))
      .map(({ provider, scope: s, masked, updatedAt }) => ({ provider, scope: s, masked, updatedAt }));
  }

  private async readIndex(): Promise<IndexEntry[]> {
    const raw = await this.secrets.get(INDEX);
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? (parsed as IndexEntry[]) : [];
    } catch {
      return [];
    }
  }
}

/**
 * The environment variables the CLI reads provider keys from (core's `KEY_ENV_VARS`), for the
 * keys stored under those provider names. Runs happen in a CLI child process; SecretStorage
 * is the editor's, so the keys travel in the child's environment (never its arguments or the log).
 */
export const KEY_ENVIRONMENT: Readonly<Record<string, string>> = {
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
  google: 'GEMINI_API_KEY',
  azure: 'AZURE_OPENAI_API_KEY',
};

/** `{ OPENAI_API_KEY: ... }` for each provider key stored for the user; variables already set in `env` win. */
export async function keyEnvironment(
  store: Pick<KeyStore, 'get'>,
  env: Readonly<Record<string, string | undefined>>,
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [provider, variable] of Object.entries(KEY_ENVIRONMENT)) {
    if (env[variable]) continue;
    const key = await store.get(provider, 'user');
    if (key) out[variable] = key;
  }
  return out;
}
