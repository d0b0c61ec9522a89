import { describe, expect, it } from 'vitest';
import { SecretKeyStore, type SecretStorageLike } from './secret-key-store.js';
import { redact } from './redact.js';

/** The behaviour of vscode.SecretStorage: a string map (the real one is the OS keychain). */
class MapSecrets implements SecretStorageLike {
  readonly map = new Map<string, string>();
  async get(key: string) {
    return this.map.get(key);
  }
  async store(key: string, value: string) {
    this.map.set(key, value);
  }
  async delete(key: string) {
    this.map.delete(key);
  }
}

describe('SecretKeyStore', () => {
  it('stores keys per provider and scope, lists them masked, deletes them', async () => {
    const secrets = new MapSecrets();
    const store = new SecretKeyStore(secrets);
    await store.set('openai', '  sk-proj-abcdefghijklmnop1234 ', 'user');
    await store.set('jira', 'ATATT3xFfGF0abcdefghijklmnopqrstuvwxyz9876', 'project', 'acme');
    expect(await store.get('openai', 'user')).toBe('sk-proj-abcdefghijklmnop1234');
    expect(await store.get('openai', 'project')).toBeUndefined();
    expect(await store.list('user')).toEqual([{ provider: 'openai', scope: 'user', masked: '••••1234', updatedAt: expect.any(String) }]);
    // The index the store keeps beside the secrets holds no more than the last four characters.
    const index = secrets.map.get('casewright.key.index')!;
    expect(index).not.toContain('abcdefghijklmnop');
    expect(await store.delete('openai', 'user')).toBe(true);
    expect(await store.delete('openai', 'user')).toBe(false);
    expect((await store.list()).map((k) => k.provider)).toEqual(['jira']);
    expect([...store.knownSecrets]).toContain('sk-proj-abcdefghijklmnop1234');
  });

  it('refuses an empty key', async () => {
    await expect(new SecretKeyStore(new MapSecrets()).set('openai', '   ', 'user')).rejects.toThrow('the key for openai is empty');
  });
});

describe('redact', () => {
  it('removes known secrets and credential-shaped strings', () => {
    const text =
      'calling https://x/?key=AIzaSyA1234567890abcdefghijkl with Authorization: Bearer abc.def.ghi123 and my-own-secret-value and sk-ant-api03-AAAAAAAAAAAAAAAA';
    const out = redact(text, ['my-own-secret-value', 'short']);
    expect(out).toBe('calling https://x/?key=•••• with Authorization: Bearer •••• and •••• and ••••');
  });
});
