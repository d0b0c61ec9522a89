// `casewright import` as a user runs it: a child process, real files, exit codes.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOpenAIServer, type IncomingChat, type LocalServer } from './servers/openai-server.js';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const fixture = path.join(root, 'core/src/connectors/conversations/__fixtures__/malformed.jsonl');

/** The CLI without blocking this process (the local LLM server lives in it). */
function cli(
  args: string[],
  cwd: string,
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', tsx, main, ...args], { cwd, env: cleanEnv(cwd, extraEnv) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The environment without any provider key (a developer's real keys must never be used here). */
function cleanEnv(cwd: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', XDG_CONFIG_HOME: path.join(cwd, '.config'), ...extra };
  for (const name of Object.keys(env)) if (/_API_KEY$|^AZURE_OPENAI|_BASE_URL$/.test(name) && !(name in extra)) delete env[name];
  return env;
}

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-cli-import-'));
  copyFileSync(path.join(root, 'examples/conversations.jsonl'), path.join(dir, 'conversations.jsonl'));
  copyFileSync(fixture, path.join(dir, 'malformed.jsonl'));
  return dir;
}

// Each test spawns the CLI (tsx from source) up to three times; a busy CI machine needs room.
describe('casewright import', { timeout: 90_000 }, () => {
  it('leaves requirements empty without a key and says so', async () => {
    const dir = workspace();
    const run = await cli(['import', '--from', 'jsonl:conversations.jsonl', '--limit', '2', '--out', 'o.cases.yaml'], dir);
    expect(run.stderr).toContain('no provider key: requirements are left empty');
    expect(readFileSync(path.join(dir, 'o.cases.yaml'), 'utf8')).toContain('requirements: []');
    expect(run.code).toBe(0);
  });

  it('--dry-run prints the count and the bytes scanned and writes nothing', async () => {
    const dir = workspace();
    const run = await cli(
      ['import', '--from', 'duckdb:conversations.jsonl', '--search', 'money back', '--dry-run', '--out', 'x.cases.yaml'],
      dir,
    );
    expect(run.stdout).toMatch(
      /^duckdb:conversations\.jsonl: \d+ conversations match; the query scans \d+\.\d KiB \(dry run: nothing written\)\n$/,
    );
    expect(run.code).toBe(0);
    expect(existsSync(path.join(dir, 'x.cases.yaml'))).toBe(false);
  });

  it('imports, then imports again without adding or changing anything', async () => {
    const dir = workspace();
    const args = [
      'import',
      '--from',
      'jsonl:conversations.jsonl',
      '--metadata',
      'topic=refund',
      '--sample',
      '10',
      '--seed',
      '7',
      '--out',
      'cases/refunds.cases.yaml',
    ];
    const first = await cli(args, dir);
    expect(first.stdout).toBe(
      'Imported: 10 new cases in cases/refunds.cases.yaml from jsonl:conversations.jsonl\n  matched 10 · processed 10 · imported 10 · duplicates 0 · failed 0\n',
    );
    expect(first.stderr).toContain('importing conversations from jsonl:conversations.jsonl into cases/refunds.cases.yaml');
    expect(first.code).toBe(0);
    const file = path.join(dir, 'cases/refunds.cases.yaml');
    const text = readFileSync(file, 'utf8');
    const second = await cli(args, dir);
    expect(second.stdout).toContain('matched 10 · processed 10 · imported 0 · duplicates 10 · failed 0');
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect((await cli(['validate', 'cases/'], dir)).code).toBe(0);
  });

  it('lists bad rows with their line and exits 1', async () => {
    const dir = workspace();
    const run = await cli(['import', '--from', 'jsonl:malformed.jsonl', '--out', 'm.cases.yaml'], dir);
    expect(run.stderr).toContain('  row 3 (bad-json-messages): messages is not valid JSON');
    expect(run.stderr).toContain('  row 5 (unknown-role): message 1 has unknown role "tool" (expected system, user or assistant)');
    expect(run.stdout).toContain('imported 3 · duplicates 0 · failed 5');
    expect(run.code).toBe(1);
  });

  it.each([
    [
      ['--from', 'ftp:x', '--out', 'o.cases.yaml'],
      "casewright: --from 'ftp:x': expected jsonl:<file>, duckdb:<file> or bigquery:<project.dataset.table>",
    ],
    [['--from', 'jsonl:nope.jsonl', '--out', 'o.cases.yaml'], 'casewright: nope.jsonl: no such file'],
    [['--from', 'jsonl:conversations.jsonl'], 'casewright: --out <file.cases.yaml> is required (or use --dry-run)'],
    [['--from', 'jsonl:conversations.jsonl', '--seed', '3', '--out', 'o.cases.yaml'], 'casewright: --seed needs --sample <n>'],
    [
      ['--from', 'jsonl:conversations.jsonl', '--since', 'last week', '--out', 'o.cases.yaml'],
      "casewright: --since 'last week': expected a date such as 2026-01-31 or a date-time such as 2026-01-31T09:30:00Z",
    ],
    [
      ['--from', 'bigquery:not a table', '--out', 'o.cases.yaml'],
      "casewright: bigquery: 'not a table' is not a table name; expected project.dataset.table (e.g. acme-prod.support.conversations)",
    ],
    [
      ['--from', 'jsonl:conversations.jsonl', '--metadata', 'channel', '--out', 'o.cases.yaml'],
      "casewright import: option '--metadata <key=value>' argument 'channel' is invalid. expected key=value, e.g. --metadata channel=web (see 'casewright import --help')",
    ],
  ])('answers %j with one line and exit 2', async (args, line) => {
    const dir = workspace();
    const run = await cli(['import', ...args], dir);
    expect(run.stderr.trim()).toBe(line);
    expect(run.code).toBe(2);
    expect(existsSync(path.join(dir, 'o.cases.yaml'))).toBe(false);
  });
});

describe('casewright import with a provider key', { timeout: 90_000 }, () => {
  let server: LocalServer;
  const seen: IncomingChat[] = [];
  beforeAll(async () => {
    // Answers the conversation-to-case prompt in its output schema (conversation_case).
    server = await startOpenAIServer({
      handler: (chat) => {
        seen.push(chat);
        const user = chat.messages.at(-1)?.content ?? '';
        const refund = /refund|money back/i.test(user);
        return {
          case: {
            kind: 'conversation',
            title: 'Refund question',
            priority: 'high',
            technique: 'happy-path',
            messages: [{ role: 'user', content: 'placeholder' }],
            requirements: refund ? ['States the 30-day refund window', 'Does not ask for card details'] : ['Answers the question asked'],
          },
          expectedContent: null,
        };
      },
    });
  });
  afterAll(() => server.close());

  it('drafts requirements with the conversation-to-case prompt through the router', async () => {
    const dir = workspace();
    const config = `providers:\n  openai:\n    type: openai\n    baseURL: ${server.url}/v1\nconversations:\n  model: openai:gpt-4.1-mini\n`;
    writeFileSync(path.join(dir, 'casewright.config.yaml'), config);
    const run = await cli(
      ['import', '--from', 'jsonl:conversations.jsonl', '--metadata', 'topic=refund', '--limit', '3', '--out', 'drafted.cases.yaml'],
      dir,
      { OPENAI_API_KEY: 'sk-test-drafting' },
    );
    expect(run.stderr).toContain('drafting requirements with openai:gpt-4.1-mini (prompt conversation-to-case)');
    expect(run.code).toBe(0);
    const text = readFileSync(path.join(dir, 'drafted.cases.yaml'), 'utf8');
    expect(text.match(/- States the 30-day refund window/g)).toHaveLength(3);
    expect(text.match(/type: llm-judge/g)).toHaveLength(3);
    expect(text).not.toContain('sk-test-drafting');
    const call = seen.at(-1)!;
    expect(call.model).toBe('gpt-4.1-mini');
    expect(call.jsonSchema?.name).toBe('conversation_case');
    // The prompt sees the logged answer the case is judged against.
    expect(call.messages.map((m) => m.content).join('\n')).toMatch(/assistant: [\s\S]*refund/i);
    expect((await cli(['validate', 'drafted.cases.yaml'], dir)).code).toBe(0);
  });
});
