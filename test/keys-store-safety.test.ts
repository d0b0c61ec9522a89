// The CLI key store under real use: parallel `casewright keys set` processes (a file lock,
// atomic writes: no key lost), a deleted master.key (no new master key minted over keys it
// could not decrypt), and `run` / `generate` finding a stored key (docs/providers.md: the
// store by scope, then the environment). Local server speaks OpenAI chat completions
// (https://platform.openai.com/docs/api-reference/chat/create).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIServer, type LocalServer } from './servers/openai-server.js';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;

function cli(
  home: string,
  cwd: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, main, ...args], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end('');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const keyOf = (i: number) => `sk-parallel-${String(i).padStart(2, '0')}-0123456789abcdef`;

describe('the key store', () => {
  it('keeps every key when 10 `keys set` run at once', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'cw-keys-'));
    const runs = await Promise.all(
      Array.from({ length: 10 }, (_, i) => cli(home, home, ['keys', 'set', `provider-${i}`, '--from-env', 'K'], { K: keyOf(i) })),
    );
    for (const r of runs) expect(r.stderr).toMatch(/✓ stored the user key/);
    const list = await cli(home, home, ['keys', 'list', '--format', 'json']);
    const rows = JSON.parse(list.stdout) as Array<{ provider: string; masked: string }>;
    expect(rows.map((r) => r.provider).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `provider-${i}`).sort());
    expect(rows.every((r) => r.masked !== '(cannot decrypt)')).toBe(true);
  }, 180_000);

  it('refuses to mint a new master key over keys it cannot decrypt, and says how to recover', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'cw-keys-'));
    expect((await cli(home, home, ['keys', 'set', 'openai', '--from-env', 'K'], { K: keyOf(1) })).code).toBe(0);
    const dir = path.join(home, 'config/casewright');
    const stored = readFileSync(path.join(dir, 'keys.json'), 'utf8');
    rmSync(path.join(dir, 'master.key'));
    const again = await cli(home, home, ['keys', 'set', 'anthropic', '--from-env', 'K'], { K: keyOf(2) });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/holds 1 key encrypted with a master key that is missing/);
    expect(again.stderr).toMatch(/Restore .*master\.key from a backup, or set CASEWRIGHT_MASTER_KEY/);
    expect(existsSync(path.join(dir, 'master.key'))).toBe(false);
    expect(readFileSync(path.join(dir, 'keys.json'), 'utf8')).toBe(stored);
  }, 60_000);
});

describe('run and generate read keys from the key store', () => {
  let server: LocalServer;
  beforeAll(async () => {
    server = await startOpenAIServer({ handler: async () => 'The refund window is 30 days.' });
  });
  afterAll(() => server.close());

  it('run calls the provider with the stored key when the environment has none', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'cw-keys-'));
    const stored = 'sk-stored-in-the-key-store-0042';
    expect((await cli(home, home, ['keys', 'set', 'openai', '--from-env', 'K'], { K: stored })).code).toBe(0);
    writeFileSync(
      path.join(home, 'casewright.config.yaml'),
      `providers:\n  openai:\n    type: openai\n    baseURL: ${server.url}/v1\nrouter:\n  maxRetries: 0\ncache:\n  enabled: false\ntargets:\n  bot:\n    type: model\n    model: openai:gpt-4.1-mini\n`,
    );
    writeFileSync(
      path.join(home, 'a.cases.yaml'),
      `suite: A\ndefaults:\n  target: bot\ncases:\n  - id: 9e0f1a2b-3c4d-4e5f-8a6b-7c8d9e0f1a2b\n    title: Refund window\n    kind: conversation\n    input:\n      messages:\n        - role: user\n          content: How long do I have?\n    expected:\n      assert:\n        - type: contains\n          value: 30 days\n`,
    );
    const run = await cli(home, home, ['run', 'a.cases.yaml', '--reporter', 'console']);
    expect(run.stdout).toMatch(/1 passed, 0 failed/);
    expect(run.code).toBe(0);
    const auth = server.requests.at(-1)?.headers.authorization;
    expect(auth).toBe(`Bearer ${stored}`);
    expect(run.stdout + run.stderr).not.toContain(stored);
  }, 60_000);
});
