import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyStoreError } from '../errors/key-store-error.js';
import { createFileKeyStore, createMemoryKeyStore, userConfigDir } from './file-key-store.js';
import { createKeyResolver } from './key-resolver.js';
import { maskSecret } from './mask.js';

const SECRET = 'sk-proj-CANARY-abcdefghijklmnop-wxyz';
const scratch = () => mkdtempSync(path.join(tmpdir(), 'keystore-'));

describe('createFileKeyStore', () => {
  it('round-trips keys per provider and scope, encrypted, with 0600 files', async () => {
    const dir = scratch();
    const store = createFileKeyStore({ dir, env: {} });
    await store.set('openai', SECRET, 'user');
    await store.set('openai', 'sk-org-key-000000001234', 'org', 'acme');
    expect(await store.get('openai', 'user')).toBe(SECRET);
    expect(await store.get('openai', 'org', 'acme')).toBe('sk-org-key-000000001234');
    expect(await store.get('openai', 'org', 'other')).toBeUndefined();
    expect(await store.get('anthropic', 'user')).toBeUndefined();
    const text = readFileSync(store.file, 'utf8');
    expect(text).not.toContain('CANARY');
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(statSync(store.masterKeyFile).mode & 0o777).toBe(0o600);
    expect(await store.list()).toEqual([
      expect.objectContaining({ provider: 'openai', scope: 'user', masked: '••••wxyz' }),
      expect.objectContaining({ provider: 'openai', scope: 'org', masked: '••••1234' }),
    ]);
    expect(await store.delete('openai', 'user')).toBe(true);
    expect(await store.delete('openai', 'user')).toBe(false);
    expect(await store.get('openai', 'user')).toBeUndefined();
  });

  it('binds each ciphertext to its slot: an entry moved to another provider does not decrypt', async () => {
    const dir = scratch();
    const store = createFileKeyStore({ dir, env: {} });
    await store.set('openai', SECRET, 'user');
    const data = JSON.parse(readFileSync(store.file, 'utf8'));
    data.entries[0].provider = 'anthropic';
    writeFileSync(store.file, JSON.stringify(data));
    await expect(store.get('anthropic', 'user')).rejects.toThrow(KeyStoreError);
  });

  it('uses CASEWRIGHT_MASTER_KEY instead of a key file, and fails clearly with another one', async () => {
    const dir = scratch();
    const hex = 'ab'.repeat(32);
    await createFileKeyStore({ dir, env: { CASEWRIGHT_MASTER_KEY: hex } }).set('google', SECRET, 'user');
    expect(() => statSync(path.join(dir, 'master.key'))).toThrow();
    expect(await createFileKeyStore({ dir, env: { CASEWRIGHT_MASTER_KEY: hex } }).get('google', 'user')).toBe(SECRET);
    const error = await createFileKeyStore({ dir, env: { CASEWRIGHT_MASTER_KEY: 'a passphrase' } })
      .get('google', 'user')
      .catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      "the stored user key for 'google' cannot be decrypted: the master key changed (CASEWRIGHT_MASTER_KEY)",
    );
    expect((error as Error).message).not.toContain(SECRET);
  });

  it('lives under XDG_CONFIG_HOME when set', () => {
    expect(userConfigDir({ XDG_CONFIG_HOME: '/x/cfg', HOME: '/home/u' })).toBe(path.join('/x/cfg', 'casewright'));
    expect(userConfigDir({ HOME: '/home/u' })).toBe(path.join('/home/u', '.config', 'casewright'));
  });
});

describe('maskSecret', () => {
  it('shows at most the last 4 characters, none of a short secret', () => {
    expect(maskSecret('sk-abcdefghijklmn1234')).toBe('••••1234');
    expect(maskSecret('short-key')).toBe('••••');
  });
});

describe('createKeyResolver', () => {
  it('prefers user, then project, then org, then system, then the environment', async () => {
    const store = createMemoryKeyStore();
    const env = { OPENAI_API_KEY: 'env-key-0000000000' };
    const resolve = (scope?: { user?: string; project?: string; org?: string }) =>
      createKeyResolver({ store, env }).resolve('openai', { envVars: ['OPENAI_API_KEY'], scope });
    expect(await resolve()).toEqual({ key: 'env-key-0000000000', source: 'env', envVar: 'OPENAI_API_KEY' });
    await store.set('openai', 'system-key', 'system');
    expect((await resolve())?.source).toBe('system');
    await store.set('openai', 'org-key', 'org', 'acme');
    expect(await resolve({ org: 'acme' })).toEqual({ key: 'org-key', source: 'org' });
    expect((await resolve({ org: 'other' }))?.source).toBe('system');
    await store.set('openai', 'project-key', 'project', 'web');
    expect((await resolve({ org: 'acme', project: 'web' }))?.key).toBe('project-key');
    await store.set('openai', 'user-key', 'user', 'u1');
    expect((await resolve({ user: 'u1', org: 'acme', project: 'web' }))?.key).toBe('user-key');
  });

  it('knows about preloaded store keys without I/O', async () => {
    const store = createMemoryKeyStore();
    await store.set('anthropic', 'sk-ant-stored-000000', 'user');
    const resolver = createKeyResolver({ store, env: { GEMINI_API_KEY: 'g-key' } });
    expect(resolver.has('anthropic')).toBe(false);
    await resolver.preload(['anthropic', 'openai']);
    expect(resolver.has('anthropic')).toBe(true);
    expect(resolver.has('openai', ['OPENAI_API_KEY'])).toBe(false);
    expect(resolver.has('google', ['GEMINI_API_KEY'])).toBe(true);
  });
});
