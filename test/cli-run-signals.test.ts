// Ctrl-C and --update-stats with the real CLI in a child process.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCasewright } from './helpers/cli.js';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;

/** A project whose target (a command) answers after `delayMs`. */
function project(cases: number, delayMs: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'casewright-signal-'));
  mkdirSync(path.join(dir, 'targets'));
  writeFileSync(
    path.join(dir, 'targets/sleepy.yaml'),
    `type: command\ncommand: node\nargs: ["-e", "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>setTimeout(()=>console.log('answer to '+JSON.parse(s).messages[0].content), ${delayMs}))"]\n`,
  );
  const list = Array.from({ length: cases }, (_, i) => {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    return `  # case ${i} keeps this comment\n  - id: ${id}\n    title: Case ${i}\n    kind: conversation\n    input:\n      messages:\n        - role: user\n          content: question ${i}\n    expected:\n      assert:\n        - type: contains\n          value: answer to question ${i}\n`;
  });
  writeFileSync(
    path.join(dir, 'slow.cases.yaml'),
    `# The suite comment stays.\nsuite: Slow\ndefaults:\n  target: sleepy\ncases:\n${list.join('\n')}`,
  );
  return dir;
}

describe('casewright run and Ctrl-C', () => {
  it('stops on SIGINT, still writes the partial reports and exits 130', async () => {
    const dir = project(12, 300);
    const child = spawn(
      process.execPath,
      ['--import', tsx, main, 'run', '.', '--reporter', 'console,json,junit,html', '--out', 'out', '--concurrency', '1'],
      {
        cwd: dir,
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => {
      stdout += d;
      // Interrupt once two cases have finished.
      if (!sent && (stdout.match(/^✓ /gm) ?? []).length >= 2) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(stdout).toMatch(/Interrupted \(Ctrl-C\): \d+ passed, 0 failed, \d+ skipped of 12/);
    const result = JSON.parse(readFileSync(path.join(dir, 'out/results.json'), 'utf8'));
    expect(result.interrupted).toBe(true);
    expect(result.summary.passed).toBeGreaterThanOrEqual(2);
    expect(result.summary.passed).toBeLessThan(12);
    expect(result.cases.filter((c: { skipReason?: string }) => c.skipReason === 'interrupted (Ctrl-C) before it finished').length).toBe(
      12 - result.summary.passed,
    );
    expect(readFileSync(path.join(dir, 'out/junit.xml'), 'utf8')).toContain('<testsuites name="casewright" tests="12"');
    expect(existsSync(path.join(dir, 'out/report.html'))).toBe(true);
    expect(stderr).toContain('html report: out/report.html');
  });
});

describe('casewright run --update-stats', () => {
  it('writes runCount, successRate and the last outcome into the case file, keeping comments', async () => {
    const dir = project(2, 0);
    const file = path.join(dir, 'slow.cases.yaml');
    const before = readFileSync(file, 'utf8');
    const cli = () => runCasewright(['run', 'slow.cases.yaml', '--reporter', 'json', '--out', 'out', '--update-stats'], { cwd: dir });
    expect((await cli()).status).toBe(0);
    expect((await cli()).status).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('# The suite comment stays.');
    expect(after).toContain('# case 1 keeps this comment');
    const stats = parse(after).cases.map((c: { stats: unknown }) => c.stats);
    expect(stats).toEqual([
      { runCount: 2, successRate: 1, lastOutcome: 'passed', lastRunAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) },
      { runCount: 2, successRate: 1, lastOutcome: 'passed', lastRunAt: expect.stringMatching(/Z$/) },
    ]);
    // Only stats lines were added.
    const added = after.split('\n').filter((l) => !before.split('\n').includes(l));
    expect(added.every((l) => /^\s+(stats:|runCount:|successRate:|lastOutcome:|lastRunAt:)/.test(l))).toBe(true);
  });

  it('leaves the case files alone without --update-stats', async () => {
    const dir = project(1, 0);
    const file = path.join(dir, 'slow.cases.yaml');
    const before = readFileSync(file, 'utf8');
    const run = await runCasewright(['run', 'slow.cases.yaml', '--reporter', 'json', '--out', 'out'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
