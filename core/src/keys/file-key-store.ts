/**
 * The CLI's key store: one JSON file of AES-256-GCM encrypted entries under the user's
 * config directory (`$XDG_CONFIG_HOME/casewright/keys.json`, else `~/.config/...`).
 * The master key comes from `CASEWRIGHT_MASTER_KEY` (32 bytes in base64 or hex, or a
 * passphrase stretched with scrypt), else from a 0600 `master.key` file created on first use.
 * Each entry's provider and scope are bound to its ciphertext as additional data, so an
 * entry copied to another slot does not decrypt.
 *
 * Every change is a read–modify–write under a file lock (`proper-lockfile`, shared by every
 * Casewright process of the user), written atomically, so parallel `keys set` never lose a
 * key. A new master key is never made while the store holds entries: they would all become
 * undecryptable; the error says how to recover instead.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import lockfile from 'proper-lockfile';
import { homedir } from 'node:os';
import path from 'node:path';
import { CasewrightError } from '../errors/casewright-error.js';
import { KeyStoreError } from '../errors/key-store-error.js';
import type { KeyScope, KeyStore, StoredKeyInfo } from './key-store.js';
import { maskSecret } from './mask.js';
import { writeFileAtomic } from '../model/atomic-write.js';

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
    const existing = (await load()).entries;
    if (existing.length > 0) {
      throw new KeyStoreError(
        `${file} holds ${existing.length} key${existing.length === 1 ? '' : 's'} encrypted with a master key that is missing (${masterKeyFile}); no new master key was made, so they are not lost. Restore ${masterKeyFile} from a backup, or set CASEWRIGHT_MASTER_KEY to the key they were stored with. To start over instead, delete ${file} (its keys are lost) and set them again.`,
      );
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
    await writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  }

  /** Runs a read–modify–write of the store while holding its lock (other processes wait, up to ~10 s). */
  async function locked<T>(fn: () => Promise<T>): Promise<T> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(file, {
        realpath: false,
        stale: 10_000,
        retries: { retries: 100, factor: 1.2, minTimeout: 10, maxTimeout: 200, randomize: true },
      });
    } catch (error) {
      throw new KeyStoreError(`${file} is locked by another Casewright process and did not become free: ${(error as Error).message}`);
    }
    try {
      return await fn();
    } finally {
      await release().catch(() => undefined);
    }
  }

  /** Refuses to mix master keys: every stored entry must decrypt with the key about to be used. */
  function checkAllDecrypt(store: StoreFile, key: Buffer): void {
    const failing = store.entries.filter((entry) => {
      try {
        decrypt(entry, key);
        return false;
      } catch {
        return true;
      }
    });
    if (failing.length === 0) return;
    throw new KeyStoreError(
      `${file} holds keys that do not decrypt with the current master key (${env.CASEWRIGHT_MASTER_KEY ? 'CASEWRIGHT_MASTER_KEY' : masterKeyFile}): ${failing.map((e) => `${e.scope} ${e.provider}`).join(', ')}; nothing was changed, so no key is lost. Use the master key they were stored with (restore ${path.basename(masterKeyFile)} or set CASEWRIGHT_MASTER_KEY), or remove them with \`casewright keys delete <provider> --scope <scope>\` and set them again.`,
    );
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
      await locked(async () => {
        const key = (await masterKey(true)) as Buffer;
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        cipher.setAAD(aad(provider, scope, scopeId));
        const data = Buffer.concat([cipher.update(secret.trim(), 'utf8'), cipher.final()]);
        const store = await load();
        checkAllDecrypt({ ...store, entries: store.entries.filter((e) => !same(e, provider, scope, scopeId)) }, key);
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
      });
    },
    async delete(provider, scope, scopeId) {
      return locked(async () => {
        const store = await load();
        const kept = store.entries.filter((e) => !same(e, provider, scope, scopeId));
        if (kept.length === store.entries.length) return false;
        await save({ ...store, entries: kept });
        return true;
      });
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
