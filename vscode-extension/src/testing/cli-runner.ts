import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { CaseResult, RunResult, RunSummary } from '@casewright/core';
import { loadCore } from '../core-loader.js';

/** One run of the `casewright` CLI over the case files of one workspace folder. */
export interface CliRunRequest {
  /** How to start the CLI: the executable and the arguments before `run` (e.g. `[node, dist/cli.mjs]`). */
  command: readonly [string, ...string[]];
  env: Record<string, string | undefined>;
  /** The workspace folder: the config, `targets/` and relative paths resolve here, as for `casewright run` in a terminal. */
  cwd: string;
  /** Absolute paths of the case files. */
  files: string[];
  /** Case ids to run; undefined runs every case of the files. */
  caseIds: ReadonlySet<string> | undefined;
  /** `--target`: a name from the config or `targets/`, or a target file; undefined uses each suite's default. */
  target?: string | undefined;
  repeat: number;
  concurrency: number;
  configFile?: string | undefined;
  /** An editor's unsaved text for one of the files, given to the CLI on standard input (`--stdin-file`). */
  unsaved?: { file: string; text: string } | undefined;
  /** The workspace's Jira site and account: the run is recorded there as an execution (`--jira`, docs/executions.md). */
  jira?: { site: string; email: string } | undefined;
  signal: AbortSignal;
  /** Each case as it finishes; `file` is absolute. */
  onCaseResult(file: string, result: CaseResult): void;
  /** The CLI's standard error as it comes (warnings, errors). */
  onStderr?(text: string): void;
  /** The child's process id, once it started. */
  onSpawn?(pid: number): void;
}

export interface CliRunOutcome {
  /** The run as the JSON lines told it (undefined when the CLI stopped before starting the run). */
  result: RunResult | undefined;
  /** The CLI's exit code: 0 all passed, 1 failures, 2 an input error (see `stderr`), 130 interrupted. */
  exitCode: number | null;
  stderr: string;
  /** True when the run was cancelled through `signal`. */
  cancelled: boolean;
}

/** How long a cancelled CLI gets to stop its targets and close the run, at each step of stopping it. */
const GRACE_MS = 4_000;

/** The CLI's arguments for a request (relative paths, as a user would type them). */
export function cliArgs(request: Omit<CliRunRequest, 'command' | 'env' | 'signal' | 'onCaseResult'>): string[] {
  const rel = (file: string) => path.relative(request.cwd, file) || file;
  const args = ['run', ...request.files.map(rel), '--reporter', 'jsonl', '--out', '-'];
  args.push('--concurrency', String(request.concurrency), '--repeat', String(request.repeat));
  if (request.target) args.push('--target', request.target);
  if (request.configFile) args.push('--config', request.configFile);
  // In groups: one argument may not exceed 128 KB on Linux.
  const ids = [...(request.caseIds ?? [])];
  for (let i = 0; i < ids.length; i += 1000) args.push('--case', ids.slice(i, i + 1000).join(','));
  if (request.unsaved) args.push('--stdin-file', rel(request.unsaved.file));
  if (request.jira) args.push('--jira');
  return args;
}

function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // The CLI runs in its own process group: the command targets it started go with it.
    if (process.platform === 'win32') child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Runs cases in a child process — the `casewright` CLI with `--reporter jsonl --out -` — and
 * streams each result back as its JSON line arrives, so targets, judges and assertion code
 * never run inside the editor, and a run behaves exactly as it does in a terminal or CI.
 * Cancelling sends SIGINT (the CLI stops its targets and closes the run), then kills the
 * process group if it has not ended within a few seconds.
 */
export function runCli(request: CliRunRequest): Promise<CliRunOutcome> {
  const [executable, ...prefix] = request.command;
  const child = spawn(executable, [...prefix, ...cliArgs(request)], {
    cwd: request.cwd,
    env: request.jira
      ? { ...request.env, JIRA_BASE_URL: request.jira.site, JIRA_EMAIL: request.jira.email, CASEWRIGHT_EXECUTION_SOURCE: 'vscode' }
      : request.env,
    stdio: [request.unsaved ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  if (child.pid !== undefined) request.onSpawn?.(child.pid);
  if (request.unsaved) child.stdin!.end(request.unsaved.text);
  let start: { runId: string; startedAt: string; repeat?: number } | undefined;
  let end: { finishedAt: string; interrupted?: boolean; summary: RunSummary; baseline?: RunResult['baseline'] } | undefined;
  const cases: CaseResult[] = [];
  let stderr = '';
  let cancelled = false;
  let killer: ReturnType<typeof setTimeout> | undefined;
  const cancel = () => {
    cancelled = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    // As Ctrl-C in a terminal: the first SIGINT stops the run cleanly (apps it started are
    // stopped, the closing line is written); a second exits at once, still stopping them;
    // only then is the process group killed.
    child.kill('SIGINT');
    killer = setTimeout(() => {
      child.kill('SIGINT');
      killer = setTimeout(() => killTree(child, 'SIGKILL'), GRACE_MS);
    }, GRACE_MS);
  };
  if (request.signal.aborted) cancel();
  else request.signal.addEventListener('abort', cancel, { once: true });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let event: { type?: string } & Record<string, unknown>;
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      request.onStderr?.(`${line}\n`); // not a result line: show it as output
      return;
    }
    const { type, ...rest } = event;
    if (type === 'start') start = rest as typeof start;
    else if (type === 'end') end = rest as typeof end;
    else if (type === 'case') {
      const result = rest as unknown as CaseResult;
      cases.push(result);
      request.onCaseResult(path.resolve(request.cwd, result.file ?? ''), result);
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    stderr = (stderr + text).slice(-64 * 1024);
    request.onStderr?.(text);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', async (code) => {
      clearTimeout(killer);
      request.signal.removeEventListener('abort', cancel);
      // Whatever the CLI started in its group goes with a cancelled run.
      if (cancelled) killTree(child, 'SIGKILL');
      // Stopped before its closing line: the counts of what finished.
      const summary = end?.summary ?? (start ? (await loadCore()).summarize(cases, Date.now() - Date.parse(start.startedAt)) : undefined);
      const result: RunResult | undefined = start && {
        schemaVersion: 1,
        runId: start.runId,
        startedAt: start.startedAt,
        finishedAt: end?.finishedAt ?? new Date().toISOString(),
        ...(start.repeat ? { repeat: start.repeat } : {}),
        ...(cancelled || end?.interrupted || !end ? { interrupted: true } : {}),
        summary: summary!,
        ...(end?.baseline ? { baseline: end.baseline } : {}),
        cases,
      };
      resolve({ result, exitCode: code, stderr, cancelled });
    });
  });
}

/** What the Test Explorer asks of a runner: a CLI run without the how-to-start part. */
export type CaseRunRequest = Omit<CliRunRequest, 'command' | 'env'>;

/** The port the Test Explorer runs cases through. */
export interface CaseRunner {
  run(request: CaseRunRequest): Promise<CliRunOutcome>;
}

/**
 * The runner of the extension: the CLI bundled in the .vsix (`dist/cli.mjs`), started with the
 * editor's own runtime (`process.execPath` with ELECTRON_RUN_AS_NODE=1: the extension host's
 * Electron — or code-server's Node — runs it as plain Node, so users need no Node of their own).
 * `env()` adds the provider keys from SecretStorage as the environment variables the CLI reads.
 */
export function createCliCaseRunner(options: {
  command: CliRunRequest['command'];
  env: () => Promise<Record<string, string | undefined>>;
}): CaseRunner {
  return {
    async run(request) {
      const env = await options.env();
      // Without the API token there is nothing to record with: the run stays local, as before.
      const jira = request.jira && env.JIRA_API_TOKEN ? request.jira : undefined;
      return runCli({ ...request, jira, command: options.command, env });
    },
  };
}

/** One run made of the parts a session ran (a run spans workspace folders: one CLI run each). */
export function mergeRuns(parts: readonly RunResult[]): RunResult | undefined {
  const [first, ...rest] = parts;
  if (!first) return undefined;
  if (rest.length === 0) return first;
  const cases = parts.flatMap((p) => p.cases);
  const sum = (pick: (r: RunResult) => number) => parts.reduce((n, p) => n + pick(p), 0);
  return {
    ...first,
    finishedAt: parts.at(-1)!.finishedAt,
    ...(parts.some((p) => p.interrupted) ? { interrupted: true } : {}),
    summary: {
      total: sum((p) => p.summary.total),
      passed: sum((p) => p.summary.passed),
      failed: sum((p) => p.summary.failed),
      errored: sum((p) => p.summary.errored),
      skipped: sum((p) => p.summary.skipped),
      flaky: sum((p) => p.summary.flaky),
      durationMs: sum((p) => p.summary.durationMs),
      cost: sum((p) => p.summary.cost),
      tokenUsage: {
        input: sum((p) => p.summary.tokenUsage.input),
        output: sum((p) => p.summary.tokenUsage.output),
        total: sum((p) => p.summary.tokenUsage.total),
      },
    },
    cases,
  };
}
