/**
 * `casewright` as a user runs it, from the sources (through tsx), in a child process.
 * Asynchronous on purpose: `spawnSync` blocks the test worker, and a worker blocked for a
 * minute (three CLI runs on a loaded 2-core machine) loses vitest's RPC ("Timeout calling
 * onTaskUpdate") and fails the whole run; local servers in the test process also stop answering.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '../..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;

export interface CliRun {
  /** The exit code (null when a signal ended it). */
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  /** Added to (or replacing) the test process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Variables of the test process not passed on (provider keys: a machine without them). */
  withoutEnv?: RegExp;
  input?: string;
  /** A built CLI (a bundle) to run with plain Node instead of the sources through tsx. */
  entry?: string;
}

export function runCasewright(args: readonly string[], options: CliOptions): Promise<CliRun> {
  const inherited = options.withoutEnv
    ? Object.fromEntries(Object.entries(process.env).filter(([name]) => !options.withoutEnv!.test(name)))
    : process.env;
  return new Promise((resolve, reject) => {
    const command = options.entry ? [options.entry] : ['--import', tsx, main];
    const child = spawn(process.execPath, [...command, ...args], {
      cwd: options.cwd,
      env: { ...inherited, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
