// The extension's runner against the real `casewright` CLI in a child process (the same
// entry the .vsix ships as dist/cli.mjs, here run from source through tsx).
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CaseResult } from '@casewright/core';
import { runCli, type CliRunRequest } from './cli-runner.js';

const root = path.resolve(import.meta.dirname, '../../..');
const command: CliRunRequest['command'] = [
  process.execPath,
  '--import',
  pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href,
  path.join(root, 'core/src/cli/main.ts'),
];

/** A project whose command target echoes the last message after `delayMs`, and writes its pid to `pids/`. */
function project(delayMs: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'casewright-cli-runner-'));
  mkdirSync(path.join(dir, 'targets'));
  mkdirSync(path.join(dir, 'pids'));
  writeFileSync(
    path.join(dir, 'targets/echo.yaml'),
    `type: command\ncommand: node\nargs: ["-e", "require('fs').writeFileSync(process.env.PIDS+'/'+process.pid,'');let s='';process.stdin.on('data',d=>s+=d).on('end',()=>setTimeout(()=>console.log('echo: '+JSON.parse(s).messages.at(-1).content), ${delayMs}))"]\nenv:\n  PIDS: ${path.join(dir, 'pids')}\n`,
  );
  const cases = ['hello', 'refund', 'bye'].map(
    (word, i) => `  - id: 00000000-0000-4000-8000-00000000000${i}
    title: Says ${word}
    kind: conversation
    input:
      messages:
        - role: user
          content: ${word}
    expected:
      assert:
        - type: equals
          value: "echo: ${word === 'bye' ? 'goodbye' : word}"
`,
  );
  writeFileSync(path.join(dir, 'echo.cases.yaml'), `suite: Echo\ndefaults:\n  target: echo\ncases:\n${cases.join('')}`);
  return dir;
}

function request(dir: string, overrides: Partial<CliRunRequest> = {}): CliRunRequest & { seen: [string, CaseResult][] } {
  const seen: [string, CaseResult][] = [];
  return {
    command,
    env: { ...process.env, NO_COLOR: '1' },
    cwd: dir,
    files: [path.join(dir, 'echo.cases.yaml')],
    caseIds: undefined,
    repeat: 1,
    concurrency: 1,
    signal: new AbortController().signal,
    onCaseResult: (file, result) => seen.push([file, result]),
    seen,
    ...overrides,
  };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('runCli', () => {
  it('streams each case as it finishes and assembles the run; --case narrows it', async () => {
    const dir = project(0);
    const req = request(dir);
    const outcome = await runCli(req);
    expect(req.seen.map(([file, r]) => [file, r.title, r.outcome])).toEqual([
      [path.join(dir, 'echo.cases.yaml'), 'Says hello', 'passed'],
      [path.join(dir, 'echo.cases.yaml'), 'Says refund', 'passed'],
      [path.join(dir, 'echo.cases.yaml'), 'Says bye', 'failed'],
    ]);
    expect(outcome.exitCode).toBe(1);
    expect(outcome.cancelled).toBe(false);
    expect(outcome.result?.summary).toMatchObject({ total: 3, passed: 2, failed: 1 });
    expect(outcome.result?.interrupted).toBeUndefined();
    const one = request(dir, { caseIds: new Set(['00000000-0000-4000-8000-000000000001']) });
    await runCli(one);
    expect(one.seen.map(([, r]) => r.title)).toEqual(['Says refund']);
  });

  it("runs an editor's unsaved text instead of the file on disk", async () => {
    const dir = project(0);
    const file = path.join(dir, 'echo.cases.yaml');
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(file, 'utf8').replace('value: "echo: goodbye"', 'value: "echo: bye"');
    const req = request(dir, { unsaved: { file, text } });
    const outcome = await runCli(req);
    expect(req.seen.map(([, r]) => r.outcome)).toEqual(['passed', 'passed', 'passed']);
    expect(outcome.exitCode).toBe(0);
  });

  it('reports an input error with the exit code and the message of the CLI', async () => {
    const dir = project(0);
    writeFileSync(path.join(dir, 'broken.cases.yaml'), 'suite: Broken\ncases:\n  - title: no id\n');
    const outcome = await runCli(request(dir, { files: [path.join(dir, 'broken.cases.yaml')] }));
    expect(outcome.exitCode).toBe(2);
    expect(outcome.stderr).toMatch(/^casewright: broken\.cases\.yaml:3:5 missing required field/);
    expect(outcome.result).toBeUndefined();
  });

  it('cancelling stops the CLI and the targets it started, and keeps what finished', async () => {
    const dir = project(60_000);
    const abort = new AbortController();
    let pid = 0;
    const req = request(dir, { signal: abort.signal, onSpawn: (p) => (pid = p) });
    const running = runCli(req);
    // Cancel once the first target process is up (it would answer in a minute).
    const { readdirSync } = await import('node:fs');
    for (let i = 0; i < 600 && readdirSync(path.join(dir, 'pids')).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    const targets = readdirSync(path.join(dir, 'pids')).map(Number);
    expect(targets).toHaveLength(1);
    abort.abort();
    const outcome = await running;
    expect(outcome.cancelled).toBe(true);
    expect(outcome.exitCode).toBe(130);
    expect(outcome.result?.interrupted).toBe(true);
    expect(alive(pid)).toBe(false);
    expect(targets.filter(alive)).toEqual([]);
  }, 30_000);
});

describe('a Test Explorer run in a workspace with a Jira site', () => {
  it('is recorded on Jira through the CLI (--jira): the case issue gets the execution in its history', async () => {
    const { startJiraServer } = await import('../../../test/servers/jira-server.js');
    const jira = await startJiraServer({ basicAuth: { email: 'dev@example.com', apiToken: 'ATATT-vscode-run-1' } });
    try {
      const dir = project(0);
      const story = jira.addIssue({ project: 'SHOP', summary: 'Echo' });
      const issue = jira.addIssue({ project: 'SHOP', issueType: 'Test', summary: 'Says hello' });
      jira.issues.get(issue)!.properties.set('casewright-case', { caseId: '00000000-0000-4000-8000-000000000000', story, covers: [] });
      const file = path.join(dir, 'echo.cases.yaml');
      const text = (await import('node:fs')).readFileSync(file, 'utf8');
      writeFileSync(
        file,
        text
          .replace('suite: Echo\n', `suite: Echo\nstory: ${story}\n`)
          .replace(
            '    title: Says hello\n',
            `    title: Says hello\n    jira: { key: ${issue}, version: 1, syncedAt: 2026-11-01T00:00:00Z }\n`,
          ),
      );
      const outcome = await runCli(
        request(dir, {
          env: { ...process.env, NO_COLOR: '1', JIRA_API_TOKEN: 'ATATT-vscode-run-1' },
          jira: { site: jira.url, email: 'dev@example.com' },
        }),
      );
      expect(outcome.exitCode, outcome.stderr).toBe(1); // "Says bye" fails
      expect(outcome.stderr).toContain(`a summary on ${story}`);
      expect(outcome.stderr).toContain('2 cases without a Jira key stayed local');
      expect(jira.issues.get(story)!.properties.get('casewright-executions')).toMatchObject({ executions: [{ source: 'vscode' }] });
      expect(jira.issues.get(issue)!.properties.get('casewright-run')).toMatchObject({
        outcome: 'passed',
        history: [expect.objectContaining({ outcome: 'passed' })],
      });
    } finally {
      await jira.close();
    }
  }, 60_000);
});
