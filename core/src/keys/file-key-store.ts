/**
 * The CLI's key store: one JSON file of AES-256-GCM encrypted entries under the user's
 * config directory (`$XDG_CONFIG_HOME/casewright/keys.json`, else `~/.config/...`).
 * The master key comes from `CASEWRIGHT_MASTER_KEY` (32 bytes in base64 or hex, or a
 * passphrase stretched with scrypt), else from a 0600 `master.key` file created on first use.
 * Each entry's provider and scope are bound to its ciphertext as additional data, so an
 * entry copied to another slot does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import { CasewrightError } from '../errors/casewright-error.js';
import { KeyStoreError } from '../errors/key-store-error.js';
import type { KeyScope, KeyStore, StoredKeyInfo } from './key-store.js';
import { maskSecret } from './mask.js';

interface Entry {
  provider: string;
  scope: KeyScope;
  scopeId?: string | undefined;
  iv: string;
  tag: string;
  data: string;
  updatedAt: string;
}

interface StoreFile {
  version: 1;
  entries: Entry[];
}

export interface FileKeyStoreOptions {
  /** The directory for `keys.json` and `master.key`; default: the user's Casewright config dir. */
  dir?: string | undefined;
  /** For `CASEWRIGHT_MASTER_KEY`, `XDG_CONFIG_HOME`, `HOME`; default `process.env`. */
  env?: Record<string, string | undefined> | undefined;
}

/** The user's Casewright config directory (XDG on Linux/macOS, %APPDATA% on Windows). */
export function userConfigDir(env: Record<string, string | undefined> = process.env): string {
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, 'casewright');
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'casewright');
  return path.join(env.HOME ?? homedir(), '.config', 'casewright');
}

function masterFromEnv(value: string): Buffer {
  const trimmed = value.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const b64 = Buffer.from(trimmed, 'base64');
  if (b64.length === 32 && /^[A-Za-z0-9+/=_-]+$/.test(trimmed)) return b64;
  return scryptSync(trimmed, 'casewright-key-store-v1', 32);
}

export function createFileKeyStore(
  options: FileKeyStoreOptions = {},
): KeyStore & { readonly file: string; readonly masterKeyFile: string } {
  const env = options.env ?? process.env;
  const dir = options.dir ?? userConfigDir(env);
  const file = path.join(dir, 'keys.json');
  const masterKeyFile = path.join(dir, 'master.key');
  let master: Buffer | undefined;

  async function masterKey(create: boolean): Promise<Buffer | undefined> {
    if (master) return master;
    if (env.CASEWRIGHT_MASTER_KEY) return (master = masterFromEnv(env.CASEWRIGHT_MASTER_KEY));
    try {
      const text = (await readFile(masterKeyFile, 'utf8')).trim();
      const key = Buffer.from(text, 'base64');
      if (key.length !== 32)
        throw new KeyStoreError(`${masterKeyFile} is not a 32-byte base64 key; restore it or delete it together with keys.json`);
      return (master = key);
    } catch (error) {
      if (CasewrightError.isInstance(error)) throw error;
      if (!create) return undefined;
    }
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    await writeFile(masterKeyFile, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(
      async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      },
    );
    // Another process may have won the race: read what is on disk.
    const text = (await readFile(masterKeyFile, 'utf8')).trim();
    return (master = Buffer.from(text, 'base64'));
  }

  async function load(): Promise<StoreFile> {
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as StoreFile;
      if (parsed.version !== 1 || !Array.isArray(parsed.entries)) throw new KeyStoreError(`${file} is not a Casewright key store`);
      return parsed;
    } catch (error) {
      if (CasewrightError.isInstance(error)) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: [] };
      throw new KeyStoreError(`${file} cannot be read: ${(error as Error).message}`);
    }
  }

  async function save(data: StoreFile): Promise<void> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
    await rename(tmp, file);
    await chmod(file, 0o600);
  }

  const aad = (provider: string, scope: KeyScope, scopeId?: string) => Buffer.from(`${provider}\u0000${scope}\u0000${scopeId ?? ''}`);
  const same = (e: Entry, provider: string, scope: KeyScope, scopeId?: string) =>
    e.provider === provider && e.scope === scope && (e.scopeId ?? '') === (scopeId ?? '');

  function decrypt(entry: Entry, key: Buffer): string {
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(entry.iv, 'base64'));
      decipher.setAAD(aad(entry.provider, entry.scope, entry.scopeId));
      decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(entry.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      throw new KeyStoreError(
        `the stored ${entry.scope} key for '${entry.provider}' cannot be decrypted: the master key changed (${env.CASEWRIGHT_MASTER_KEY ? 'CASEWRIGHT_MASTER_KEY' : masterKeyFile}); set the key again with \`casewright keys set ${entry.provider}\``,
      );
    }
  }

  return {
    file,
    masterKeyFile,
    async get(provider, scope, scopeId) {
      const entry = (await load()).entries.find((e) => same(e, provider, scope, scopeId));
      if (!entry) return undefined;
      const key = await masterKey(false);
      if (!key)
        throw new KeyStoreError(
          `a key for '${provider}' is stored but the master key is missing (${masterKeyFile}); set CASEWRIGHT_MASTER_KEY or set the key again`,
        );
      return decrypt(entry, key);
    },
    async set(provider, secret, scope, scopeId) {
      if (!secret.trim()) throw new KeyStoreError(`refusing to store an empty key for '${provider}'`);
      const key = (await masterKey(true)) as Buffer;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad(provider, scope, scopeId));
      const data = Buffer.concat([cipher.update(secret.trim(), 'utf8'), cipher.final()]);
      const store = await load();
      const entry: Entry = {
        provider,
        scope,
        ...(scopeId ? { scopeId } : {}),
        iv: iv.toString('base64'),
        tag: cipher.getAuthTag().toString('base64'),
        data: data.toString('base64'),
        updatedAt: new Date().toISOString(),
      };
      store.entries = [...store.entries.filter((e) => !same(e, provider, scope, scopeId)), entry];
      await save(store);
    },
    async delete(provider, scope, scopeId) {
      const store = await load();
      const kept = store.entries.filter((e) => !same(e, provider, scope, scopeId));
      if (kept.length === store.entries.length) return false;
      await save({ ...store, entries: kept });
      return true;
    },
    async list(scope, scopeId): Promise<StoredKeyInfo[]> {
      const entries = (await load()).entries.filter(
        (e) => (scope === undefined || e.scope === scope) && (scopeId === undefined || (e.scopeId ?? '') === scopeId),
      );
      if (entries.length === 0) return [];
      const key = await masterKey(false);
      return entries.map((e) => {
        let masked = '••••';
        try {
          if (key) masked = maskSecret(decrypt(e, key));
        } catch {
          masked = '(cannot decrypt)';
        }
        return { provider: e.provider, scope: e.scope, masked, updatedAt: e.updatedAt };
      });
    },
  };
}

/** An in-memory `KeyStore` (tests, servers that hold keys elsewhere). */
export function createMemoryKeyStore(): KeyStore {
  const entries = new Map<string, { secret: string; updatedAt: string }>();
  const id = (provider: string, scope: KeyScope, scopeId?: string) => `${provider}\u0000${scope}\u0000${scopeId ?? ''}`;
  return {
    get: async (provider, scope, scopeId) => entries.get(id(provider, scope, scopeId))?.secret,
    set: async (provider, secret, scope, scopeId) => {
      entries.set(id(provider, scope, scopeId), { secret, updatedAt: new Date().toISOString() });
    },
    delete: async (provider, scope, scopeId) => entries.delete(id(provider, scope, scopeId)),
    list: async (scope, scopeId) =>
      [...entries.entries()]
        .map(([k, v]) => {
          const [provider = '', s = 'user', sid = ''] = k.split('\u0000');
          return { provider, scope: s as KeyScope, scopeId: sid, masked: maskSecret(v.secret), updatedAt: v.updatedAt };
        })
        .filter((e) => (scope === undefined || e.scope === scope) && (scopeId === undefined || e.scopeId === scopeId))
        .map(({ scopeId: _s, ...info }) => info),
  };
}
