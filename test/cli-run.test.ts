// `casewright run` as a user runs it: the real CLI in a child process, real
// files, the example app started by the runner, exit codes of the CLI contract.
import { existsSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCasewright } from './helpers/cli.js';

const root = path.resolve(import.meta.dirname, '..');

// Asynchronous (test/helpers/cli.ts): a blocked worker loses vitest's RPC on a loaded machine.
const cli = async (args: string[], cwd = root, env: NodeJS.ProcessEnv = {}, input?: string) => {
  const run = await runCasewright(args, { cwd, env, ...(input === undefined ? {} : { input }) });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
};

const scratch = mkdtempSync(path.join(tmpdir(), 'casewright-cli-run-'));
const write = (name: string, text: string) => {
  const file = path.join(scratch, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};

const echoTarget = `type: command
command: node
args: ["-e", "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const r=JSON.parse(s);console.log('echo: '+r.messages.at(-1).content)})"]
`;
const passingSuite = `suite: Echo
defaults:
  target: echo
cases:
  - id: 0b8c6a53-3c3e-4a59-9a8f-3a0a4f1b2c01
    title: Echoes the question
    kind: conversation
    input:
      messages:
        - role: user
          content: hello there
    expected:
      assert:
        - type: equals
          value: "echo: hello there"
`;

/** The passing suite with a first case "Says goodbye" that expects `expected` for "bye". */
const withGoodbye = (expected: string) =>
  passingSuite.replace(
    '  - id: 0b8c6a53',
    `  - id: 7d2f1e90-5a4b-4c3d-8e2f-1a0b9c8d7e6f
    title: Says goodbye
    kind: conversation
    input:
      messages:
        - role: user
          content: bye
    expected:
      assert:
        - type: equals
          value: "${expected}"
  - id: 0b8c6a53`,
  );

// Each test starts the CLI (through tsx) one or more times: seconds each on a loaded 2-core machine.
describe('casewright run', { timeout: 90_000 }, () => {
  it('runs the examples against the example app it starts itself, writes the reports and exits 1 for the intended failures', async () => {
    const out = path.join(scratch, 'reports');
    const run = await cli(['run', 'examples/', '--target', 'example-app', '--reporter', 'console,junit,html', '--out', out]);
    expect(run.stdout).toContain('Did not pass:');
    expect(run.stdout).toContain('output does not contain "[HANDOVER]"');
    expect(run.stdout).toMatch(/17 passed, 2 failed, \d+ skipped of \d+/);
    expect(existsSync(path.join(out, 'junit.xml'))).toBe(true);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toContain('<script type="application/json" id="run-data">');
    expect(run.code).toBe(1);
  });

  it("resolves each file's own target from targets/ beside the case files when --target is not given", async () => {
    const run = await cli(['run', 'examples/mixed.cases.yaml', '--reporter', 'json', '--out', path.join(scratch, 'mixed')]);
    const result = JSON.parse(readFileSync(path.join(scratch, 'mixed/results.json'), 'utf8'));
    expect(result.cases.filter((c: { target?: string }) => c.target === 'voice-bot-text')).toHaveLength(4);
    expect(run.code).toBe(1);
  });

  it('exits 0 when every case passes, with a target from a targets/ folder', async () => {
    write('echo/targets/echo.yaml', echoTarget);
    write('echo/echo.cases.yaml', passingSuite);
    const run = await cli(['run', 'echo.cases.yaml', '--reporter', 'console'], path.join(scratch, 'echo'));
    expect(run.stdout).toContain('1 passed, 0 failed of 1');
    expect(run.code).toBe(0);
  });

  it('--rerun-failed runs only what failed or errored in the last run', async () => {
    write('rerun/targets/echo.yaml', echoTarget);
    const failing = withGoodbye('goodbye');
    write('rerun/two.cases.yaml', failing);
    const dir = path.join(scratch, 'rerun');
    const first = await cli(['run', 'two.cases.yaml'], dir);
    expect(first.stdout).toContain('1 passed, 1 failed of 2');
    expect(first.code).toBe(1);
    const again = await cli(['run', 'two.cases.yaml', '--rerun-failed'], dir);
    expect(again.stdout).toContain('✗ Says goodbye');
    expect(again.stdout).toContain('0 passed, 1 failed of 1');
    // Fixed: the rerun passes, and then there is nothing left to rerun.
    write('rerun/two.cases.yaml', failing.replace('value: "goodbye"', 'value: "echo: bye"'));
    expect((await cli(['run', 'two.cases.yaml', '--rerun-failed'], dir)).code).toBe(0);
    const nothing = await cli(['run', 'two.cases.yaml', '--rerun-failed'], dir);
    expect(nothing.stderr).toContain('casewright: nothing to rerun: no case failed or errored in .casewright/last-run.json');
    expect(nothing.code).toBe(0);
  }, 120_000);

  it.each([
    ['an unknown --target', ['run', 'examples/', '--target', 'nope'], /^casewright: unknown target 'nope'; known targets: .*example-app/],
    [
      'an unknown reporter',
      ['run', 'examples/', '--reporter', 'console,xml'],
      /^casewright: unknown reporter 'xml'; use one or more of console, json, jsonl, junit, markdown, html, github$/,
    ],
    ['a bad --shard', ['run', 'examples/', '--shard', '3/2'], /^casewright: --shard must be i\/n with 1 ≤ i ≤ n, e.g. 1\/4; got '3\/2'$/],
    ['a missing baseline', ['run', 'examples/', '--baseline', 'nope.json'], /^casewright: nope.json: no such result file/],
    ['a missing path', ['run', 'nope/'], /^casewright: nope\/: no such file or directory$/],
  ])('answers %s with one line and exit 2', async (_name, args, line) => {
    const run = await cli(args);
    expect(run.stderr.trim()).toMatch(line);
    expect(run.code).toBe(2);
  });

  it('reports a broken target file with file:line:col and exit 2', async () => {
    write('badtarget/bot.yaml', 'type: http\nurl: http://127.0.0.1:1/chat\nmethod: FETCH\n');
    write('badtarget/echo.cases.yaml', passingSuite);
    const run = await cli(['run', 'echo.cases.yaml', '--target', 'bot.yaml'], path.join(scratch, 'badtarget'));
    expect(run.stderr.trim()).toMatch(/^casewright: bot\.yaml:3:9 'method' must be one of POST, PUT, GET; found 'FETCH'/);
    expect(run.code).toBe(2);
  });

  it('refuses a case whose target is not declared anywhere, naming the file and the target', async () => {
    write('lost/lost.cases.yaml', passingSuite.replace('target: echo', 'target: staging-bot'));
    const run = await cli(['run', 'lost.cases.yaml'], path.join(scratch, 'lost'));
    expect(run.stderr.trim()).toMatch(
      /^casewright: lost.cases.yaml: unknown target 'staging-bot'; no targets are declared here; declare it .* or pass --target <file>/,
    );
    expect(run.code).toBe(2);
  });

  it('--out - streams the jsonl lines to standard output; --case picks cases by id; --stdin-file runs unsaved text', async () => {
    write('stream/targets/echo.yaml', echoTarget);
    const two = withGoodbye('echo: bye');
    write('stream/two.cases.yaml', two);
    const dir = path.join(scratch, 'stream');
    const run = await cli(
      ['run', 'two.cases.yaml', '--reporter', 'jsonl', '--out', '-', '--case', '7D2F1E90-5A4B-4C3D-8E2F-1A0B9C8D7E6F'],
      dir,
    );
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.type, l.caseId, l.outcome])).toEqual([
      ['start', undefined, undefined],
      ['case', '7d2f1e90-5a4b-4c3d-8e2f-1a0b9c8d7e6f', 'passed'],
      ['end', undefined, undefined],
    ]);
    expect(run.code).toBe(0);
    // The editor's buffer says something else than the file on disk: the buffer is what runs.
    const unsaved = two.replace('value: "echo: bye"', 'value: "echo: see you"');
    const fromStdin = await cli(
      ['run', 'two.cases.yaml', '--stdin-file', 'two.cases.yaml', '--reporter', 'jsonl', '--out', '-'],
      dir,
      {},
      unsaved,
    );
    const cases = fromStdin.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.type === 'case');
    // Lines come in the order cases finish.
    expect(cases.map((c) => [c.title, c.outcome, c.file]).sort()).toEqual([
      ['Echoes the question', 'passed', 'two.cases.yaml'],
      ['Says goodbye', 'failed', 'two.cases.yaml'],
    ]);
    expect(fromStdin.code).toBe(1);
    // Text on standard input is held to the size limit of a case file on disk (untrusted input).
    const huge = await cli(
      ['run', 'two.cases.yaml', '--stdin-file', 'two.cases.yaml', '--reporter', 'jsonl', '--out', '-'],
      dir,
      {},
      `${two}#${'x'.repeat(11 * 1024 * 1024)}\n`,
    );
    expect([huge.code, huge.stdout, huge.stderr.trim()]).toEqual([
      2,
      '',
      'casewright: two.cases.yaml: the file is 11.0 MB; case files are limited to 10.0 MB — split the suite into several files',
    ]);
    const refused = await cli(['run', 'two.cases.yaml', '--reporter', 'console,jsonl', '--out', '-'], dir);
    expect([refused.code, refused.stderr.trim()]).toEqual([
      2,
      'casewright: --out - (standard output) takes only --reporter jsonl (got console)',
    ]);
  });
});
