// `casewright import` as a user runs it: a child process, real files, exit codes.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const fixture = path.join(root, 'core/src/connectors/conversations/__fixtures__/malformed.jsonl');

function cli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, ['--import', tsx, main, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-cli-import-'));
  copyFileSync(path.join(root, 'examples/conversations.jsonl'), path.join(dir, 'conversations.jsonl'));
  copyFileSync(fixture, path.join(dir, 'malformed.jsonl'));
  return dir;
}

describe('casewright import', () => {
  it('--dry-run prints the count and the bytes scanned and writes nothing', () => {
    const dir = workspace();
    const run = cli(['import', '--from', 'duckdb:conversations.jsonl', '--search', 'money back', '--dry-run', '--out', 'x.cases.yaml'], dir);
    expect(run.stdout).toMatch(/^duckdb:conversations\.jsonl: \d+ conversations match; the query scans \d+\.\d KiB \(dry run: nothing written\)\n$/);
    expect(run.code).toBe(0);
    expect(existsSync(path.join(dir, 'x.cases.yaml'))).toBe(false);
  });

  it('imports, then imports again without adding or changing anything', () => {
    const dir = workspace();
    const args = ['import', '--from', 'jsonl:conversations.jsonl', '--metadata', 'topic=refund', '--sample', '10', '--seed', '7', '--out', 'cases/refunds.cases.yaml'];
    const first = cli(args, dir);
    expect(first.stdout).toBe('Imported: 10 new cases in cases/refunds.cases.yaml from jsonl:conversations.jsonl\n  matched 10 · processed 10 · imported 10 · duplicates 0 · failed 0\n');
    expect(first.stderr).toContain('importing 10 conversations from jsonl:conversations.jsonl into cases/refunds.cases.yaml');
    expect(first.code).toBe(0);
    const file = path.join(dir, 'cases/refunds.cases.yaml');
    const text = readFileSync(file, 'utf8');
    const second = cli(args, dir);
    expect(second.stdout).toContain('matched 10 · processed 10 · imported 0 · duplicates 10 · failed 0');
    expect(readFileSync(file, 'utf8')).toBe(text);
    expect(cli(['validate', 'cases/'], dir).code).toBe(0);
  });

  it('lists bad rows with their line and exits 1', () => {
    const dir = workspace();
    const run = cli(['import', '--from', 'jsonl:malformed.jsonl', '--out', 'm.cases.yaml'], dir);
    expect(run.stderr).toContain('  row 3 (bad-json-messages): messages is not valid JSON');
    expect(run.stderr).toContain('  row 5 (unknown-role): message 1 has unknown role "tool" (expected system, user or assistant)');
    expect(run.stdout).toContain('imported 3 · duplicates 0 · failed 5');
    expect(run.code).toBe(1);
  });

  it.each([
    [['--from', 'ftp:x', '--out', 'o.cases.yaml'], "casewright: --from 'ftp:x': expected jsonl:<file>, duckdb:<file> or bigquery:<project.dataset.table>"],
    [['--from', 'jsonl:nope.jsonl', '--out', 'o.cases.yaml'], 'casewright: nope.jsonl: no such file'],
    [['--from', 'jsonl:conversations.jsonl'], 'casewright: --out <file.cases.yaml> is required (or use --dry-run)'],
    [['--from', 'jsonl:conversations.jsonl', '--seed', '3', '--out', 'o.cases.yaml'], 'casewright: --seed needs --sample <n>'],
    [['--from', 'jsonl:conversations.jsonl', '--since', 'last week', '--out', 'o.cases.yaml'], "casewright: --since 'last week': expected a date such as 2026-01-31 or a date-time such as 2026-01-31T09:30:00Z"],
    [['--from', 'bigquery:not a table', '--out', 'o.cases.yaml'], "casewright: bigquery: 'not a table' is not a table name; expected project.dataset.table (e.g. acme-prod.support.conversations)"],
    [['--from', 'jsonl:conversations.jsonl', '--metadata', 'channel', '--out', 'o.cases.yaml'], "casewright import: option '--metadata <key=value>' argument 'channel' is invalid. expected key=value, e.g. --metadata channel=web (see 'casewright import --help')"],
  ])('answers %j with one line and exit 2', (args, line) => {
    const dir = workspace();
    const run = cli(['import', ...args], dir);
    expect(run.stderr.trim()).toBe(line);
    expect(run.code).toBe(2);
    expect(existsSync(path.join(dir, 'o.cases.yaml'))).toBe(false);
  });
});
