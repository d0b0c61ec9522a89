import type { Command } from 'commander';
import { UsageError } from '../../errors/usage-error.js';
import type { CommandContext } from '../context.js';

/** Where `--rerun-failed` looks by default; every run writes it. */
export const LAST_RUN_FILE = '.casewright/last-run.json';
export const DEFAULT_REPORT_DIR = '.casewright/reports';
/** Exit code of a run stopped with Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

export interface RunOptions {
  target?: string;
  reporter: string;
  out: string;
  concurrency: number;
  repeat: number;
  grep?: string;
  shard?: string;
  baseline?: string;
  rerunFailed?: string | boolean;
  updateStats?: boolean;
  cache: boolean;
  timeout: number;
  minSuccessRate?: number;
  config?: string;
  /** Case ids to run (`--case`), collected from every occurrence. */
  case: string[];
  stdinFile?: string;
}

/** `--case a,b --case c` → ['a', 'b', 'c']. */
function collectIds(value: string, previous: string[]): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  ];
}

function rate(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new UsageError(`--min-success-rate must be a number from 0 to 1; got '${value}'`);
  return n;
}

export function registerRun(program: Command, ctx: CommandContext): void {
  program
    .command('run')
    .description('run conversation cases against their targets and report (manual cases are listed as skipped)')
    .argument('<paths...>', 'case files or directories (searched recursively)')
    .option('--target <file|name>', 'run every case against this target (a name from the config or targets/, or a target .yaml file)')
    .option('--reporter <names>', 'comma-separated: console, json, jsonl, junit, markdown, html', 'console')
    .option('--out <dir>', "where report files go; `-` writes the jsonl reporter's lines to standard output", DEFAULT_REPORT_DIR)
    .option('--concurrency <n>', 'attempts running at once', ctx.positiveInt('--concurrency'), 4)
    .option('--repeat <k>', 'run each case k times; reports a success rate and flaky cases', ctx.positiveInt('--repeat'), 1)
    .option('--min-success-rate <r>', 'with --repeat: the share of attempts that must pass (default 1)', rate)
    .option('--grep <text>', 'only cases whose title, id, tag, category or suite contains text')
    .option('--case <ids>', 'only the cases with these ids (comma-separated; repeatable)', collectIds, [])
    .option(
      '--stdin-file <file>',
      "read this case file's text from standard input instead of the disk (an editor's unsaved changes); the path still names it",
    )
    .option('--shard <i/n>', 'run part i of n (deterministic by case id), for CI matrices')
    .option('--baseline <file>', 'compare with an earlier results.json: regressions, fixes, new cases')
    .option('--rerun-failed [file]', `run only the cases that failed or errored in a result file (default ${LAST_RUN_FILE})`)
    .option('--update-stats', 'write runCount, successRate and the last outcome into the case files')
    .option('--no-cache', 'do not use the model response cache')
    .option('--timeout <ms>', 'per case (per attempt) timeout in milliseconds', ctx.positiveInt('--timeout'), 120_000)
    .option('--config <file>', 'the config file (default: casewright.config.yaml in this directory or above)')
    .action(
      ctx.action(async (paths: string[], options: RunOptions) => {
        const { runCommand } = await import('./run-action.js');
        return runCommand(ctx, paths, options);
      }),
    );
}
