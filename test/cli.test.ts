// The real `casewright` CLI as a user runs it: a child process, real files,
// exit codes of the CLI contract (0 ok, 1 findings, 2 usage or input error).
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { runCasewright } from './helpers/cli.js';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'core/src/cli/main.ts');
// tsx runs the CLI from source, so the test never sees a stale build.
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;

async function cli(args: string[], cwd = root) {
  const result = await runCasewright(args, { cwd });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const scratch = mkdtempSync(path.join(tmpdir(), 'casewright-cli-'));
const write = (name: string, text: string) => {
  const file = path.join(scratch, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};
const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('casewright validate', () => {
  it('accepts the examples with exit 0', async () => {
    const run = await cli(['validate', 'examples/']);
    expect(run.stderr).toMatch(/✓ \d+ files, \d+ cases valid/);
    expect(run.code).toBe(0);
  });

  it('reports a broken file as file:line:col with exit 1', async () => {
    const file = write(
      'broken.cases.yaml',
      'suite: Broken\ncases:\n  - id: 3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b10\n    title: x\n    kind: manul\n',
    );
    const run = await cli(['validate', file], scratch);
    expect(run.stdout.trim()).toBe(
      "broken.cases.yaml:5:11 'kind' must be one of conversation, manual; found 'manul' (did you mean 'manual'?)",
    );
    expect(run.stderr).toContain('✗ 1 error in 1 of 1 file');
    expect(run.code).toBe(1);
  });

  it.each([
    ['a missing file', ['validate', 'nope.cases.yaml'], 2, 'casewright: nope.cases.yaml: no such file or directory'],
    [
      'an unknown flag',
      ['validate', '--frobnicate', 'x'],
      2,
      "casewright validate: unknown option '--frobnicate' (see 'casewright validate --help')",
    ],
    ['an unknown command', ['frobnicate'], 2, "casewright: unknown command 'frobnicate' (see 'casewright --help')"],
    ['no paths', ['validate'], 2, "casewright validate: missing required argument 'paths' (see 'casewright validate --help')"],
  ])('answers %s with one line and exit %i', async (_name, args, code, line) => {
    const run = await cli(args, scratch);
    expect(run.stderr.trim()).toBe(line);
    expect(run.code).toBe(code);
  });

  it('answers a directory without case files with exit 2', async () => {
    mkdirSync(path.join(scratch, 'empty-dir'), { recursive: true });
    const run = await cli(['validate', 'empty-dir'], scratch);
    expect(run.stderr.trim()).toBe('casewright: empty-dir: no case files (*.cases.yaml) in this directory');
    expect(run.code).toBe(2);
  });

  it.each([
    [
      'an empty file',
      'empty.cases.yaml',
      '',
      "empty.cases.yaml:1:1 the file is empty; a case file needs 'suite:' and 'cases:' (see docs/file-format.md)",
    ],
    [
      'a file that is not YAML',
      'prose.cases.yaml',
      'Dear team,\n  the cases: are {in the other file\n',
      'prose.cases.yaml:1:1 YAML syntax: ',
    ],
  ])('answers %s with a located line and exit 1', async (_name, name, text, start) => {
    write(name, text);
    const run = await cli(['validate', name], scratch);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout.trim().startsWith(start)).toBe(true);
    noStack(run.stdout + run.stderr);
    expect(run.code).toBe(1);
  });

  it('refuses a 50 MB file before reading it, with exit 2', async () => {
    const file = path.join(scratch, 'huge.cases.yaml');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const run = await cli(['validate', 'huge.cases.yaml'], scratch);
    expect(run.stderr.trim()).toBe(
      'casewright: huge.cases.yaml: the file is 50.0 MB; case files are limited to 10.0 MB — split the suite into several files',
    );
    expect(run.code).toBe(2);
  });

  it('prints a stack trace only with --debug', async () => {
    const run = await cli(['validate', 'nope.cases.yaml', '--debug'], scratch);
    expect(run.stderr).toMatch(/\n\s+at .+/);
    expect(run.code).toBe(2);
  });

  it('gives machine-readable diagnostics with --format json', async () => {
    write('json/broken.cases.yaml', 'suite: x\ncases: 3\n');
    const run = await cli(['validate', '--format', 'json', 'json'], scratch);
    const out = JSON.parse(run.stdout) as { errors: number; diagnostics: { file: string; start: { line: number } }[] };
    expect(out.errors).toBe(1);
    expect(out.diagnostics[0]).toMatchObject({ file: path.join('json', 'broken.cases.yaml'), start: { line: 2, col: 8 } });
    expect(run.code).toBe(1);
  });
});

describe('casewright schema', () => {
  it('prints a draft 2020-12 JSON Schema that ajv compiles', async () => {
    const run = await cli(['schema']);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false });
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('stops quietly when the reader closes the pipe early (| head)', async () => {
    // The reader is gone before the CLI writes its coverage table, as with `| head -0`.
    const story = path.join(root, 'examples/stories/password-reset.md');
    const child = spawn(process.execPath, ['--import', tsx, main, 'generate', '--story', story, '--dry-run'], {
      cwd: scratch,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.destroy();
    await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|Error/);
  });

  it('matches the version in core/package.json', async () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'core/package.json'), 'utf8')) as { version: string };
    expect((await cli(['--version'])).stdout.trim()).toBe(pkg.version);
  });
});
