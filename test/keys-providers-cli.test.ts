// `casewright keys` and `casewright providers` as a user runs them: a child process, a
// real encrypted key file under a scratch XDG_CONFIG_HOME, and local servers speaking
// OpenAI chat completions (https://platform.openai.com/docs/api-reference/chat/create).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIServer, type LocalServer } from './servers/openai-server.js';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const KEY = 'sk-CANARY-cli-7f3a9b2c4d5e6f708192';

const work = mkdtempSync(path.join(tmpdir(), 'casewright-work-'));
const servers: Record<string, LocalServer> = {};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with a home of its own (each test gets a fresh key store). */
function cli(home: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, main, ...args], {
      cwd: work,
      env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), NO_COLOR: '1', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end(options.input ?? '');
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
const freshHome = () => mkdtempSync(path.join(tmpdir(), 'casewright-home-'));

beforeAll(async () => {
  servers.ok = await startOpenAIServer();
  servers.unauthorized = await startOpenAIServer({ scenario: 'unauthorized' });
  servers.quota = await startOpenAIServer({ scenario: 'no-quota' });
  const dead = await startOpenAIServer();
  await dead.close();
  writeFileSync(
    path.join(work, 'casewright.config.yaml'),
    `providers:\n  openai:\n    type: openai\n    baseURL: ${servers.ok.url}/v1\nmodels:\n  fast: openai:gpt-4.1-mini\n`,
  );
  const p = (name: string, url: string) => `  ${name}:\n    type: openai\n    baseURL: ${url}/v1\n    apiKeyEnv: TEST_KEY\n`;
  writeFileSync(
    path.join(work, 'verdicts.yaml'),
    `providers:\n${p('good', servers.ok.url)}${p('badkey', servers.unauthorized.url)}${p('broke', servers.quota.url)}${p('gone', dead.url)}`,
  );
});
afterAll(async () => {
  for (const s of Object.values(servers)) await s.close();
});

describe('casewright keys', () => {
  it('stores a key from stdin encrypted in a 0600 file, lists it masked, refuses it as an argument, deletes it', async () => {
    const home = freshHome();
    const set = await cli(home, ['keys', 'set', 'openai'], { input: `${KEY}\n` });
    expect(set.code).toBe(0);
    expect(set.stderr).toContain('stored the user key for openai (••••8192)');
    expect(set.stderr + set.stdout).not.toContain(KEY);

    const file = path.join(home, 'config', 'casewright', 'keys.json');
    expect(readFileSync(file, 'utf8')).not.toContain('CANARY');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(home, 'config', 'casewright', 'master.key')).mode & 0o777).toBe(0o600);

    const list = await cli(home, ['keys', 'list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/openai\s+user\s+••••8192\s+key store/);
    expect(list.stdout).not.toContain(KEY);

    const typo = await cli(home, ['keys', 'set', 'opneai'], { input: KEY });
    expect(typo.code).toBe(0);
    expect(typo.stderr).toContain(
      "note: no provider named 'opneai' is built in or configured (known: openai, azure, anthropic, google); a typo?",
    );

    const argv = await cli(home, ['keys', 'set', 'openai', KEY]);
    expect(argv.code).toBe(2);
    expect(argv.stderr).not.toContain(KEY);

    expect((await cli(home, ['keys', 'delete', 'openai'])).code).toBe(0);
    const again = await cli(home, ['keys', 'delete', 'openai']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('no user key stored for openai');
  }, 90_000);
});

describe('casewright providers', () => {
  it('test uses the stored key for a real call, and says when the master key changed', async () => {
    const home = freshHome();
    expect((await cli(home, ['keys', 'set', 'openai'], { input: KEY })).code).toBe(0);
    servers.ok?.requests.splice(0);
    const run = await cli(home, ['providers', 'test', 'openai']);
    expect(run.stdout).toMatch(/openai\s+✓ OK \(openai:gpt-4\.1-mini, \d+ ms\)/);
    expect(run.code).toBe(0);
    expect(servers.ok?.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);

    const other = await cli(home, ['providers', 'test', 'openai'], { env: { CASEWRIGHT_MASTER_KEY: 'another passphrase' } });
    expect(other.stderr).toContain("the stored user key for 'openai' cannot be decrypted: the master key changed (CASEWRIGHT_MASTER_KEY)");
    expect(other.code).toBe(2);
  }, 60_000);

  it('test says OK / invalid key / no quota / unreachable per provider, exit 1, never the key', async () => {
    const run = await cli(freshHome(), ['providers', 'test', '--config', 'verdicts.yaml', '--timeout', '3000'], { env: { TEST_KEY: KEY } });
    expect(run.stdout).toMatch(/^good\s+✓ OK/m);
    expect(run.stdout).toMatch(/^badkey\s+✗ invalid key/m);
    expect(run.stdout).toMatch(/^broke\s+✗ no quota/m);
    expect(run.stdout).toMatch(/^gone\s+✗ unreachable/m);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toContain(KEY);
  }, 30_000);

  it('list shows where each key comes from, never the key', async () => {
    const run = await cli(freshHome(), ['providers', 'list'], { env: { ANTHROPIC_API_KEY: 'sk-ant-env-key-123456789' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/openai\s+openai\s+no key \(OPENAI_API_KEY or casewright keys set openai\)/);
    expect(run.stdout).toMatch(/anthropic\s+anthropic\s+from environment variable ANTHROPIC_API_KEY/);
    expect(run.stdout).toMatch(/alias fast\s+openai:gpt-4\.1-mini/);
    expect(run.stdout).not.toContain('sk-ant-env-key-123456789');
  }, 30_000);
});
