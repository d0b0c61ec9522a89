import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../../config/config.js';
import { CaseFileError } from '../../errors/case-file-error.js';
import { UsageError } from '../../errors/usage-error.js';
import { findCaseFiles, loadCaseFile } from '../../model/load.js';
import type { ConversationCase } from '../../model/case.js';
import { runSuites, type RunnableSuite } from '../../run/runner.js';
import { parseShard } from '../../run/select.js';
import { failedCaseIds, loadRunResult } from '../../run/baseline.js';
import { updateCaseStats } from '../../run/stats.js';
import { createReporters } from '../../run/reporters/create-reporters.js';
import { createJsonReporter } from '../../run/reporters/json-reporter.js';
import { createTarget, discoverTargets, resolveTargetOption } from '../../run/targets/resolve-targets.js';
import type { Target } from '../../run/targets/target.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { CommandContext } from '../context.js';

/** Where `--rerun-failed` looks by default; every run writes it. */
export const LAST_RUN_FILE = '.casewright/last-run.json';
export const DEFAULT_REPORT_DIR = '.casewright/reports';
/** Exit code of a run stopped with Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

interface RunOptions {
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
    .option('--out <dir>', 'where report files go', DEFAULT_REPORT_DIR)
    .option('--concurrency <n>', 'attempts running at once', ctx.positiveInt('--concurrency'), 4)
    .option('--repeat <k>', 'run each case k times; reports a success rate and flaky cases', ctx.positiveInt('--repeat'), 1)
    .option('--min-success-rate <r>', 'with --repeat: the share of attempts that must pass (default 1)', rate)
    .option('--grep <text>', 'only cases whose title, id, tag, category or suite contains text')
    .option('--shard <i/n>', 'run part i of n (deterministic by case id), for CI matrices')
    .option('--baseline <file>', 'compare with an earlier results.json: regressions, fixes, new cases')
    .option('--rerun-failed [file]', `run only the cases that failed or errored in a result file (default ${LAST_RUN_FILE})`)
    .option('--update-stats', 'write runCount, successRate and the last outcome into the case files')
    .option('--no-cache', 'do not use the model response cache')
    .option('--timeout <ms>', 'per case (per attempt) timeout in milliseconds', ctx.positiveInt('--timeout'), 120_000)
    .option('--config <file>', 'the config file (default: casewright.config.yaml in this directory or above)')
    .action(
      ctx.action(async (paths: string[], options: RunOptions) => {
        const { io } = ctx;
        const cwd = io.cwd;
        const shard = options.shard ? parseShard(options.shard) : undefined;
        const reportDir = path.resolve(cwd, options.out);
        const reporters = createReporters(options.reporter.split(','), {
          outDir: reportDir,
          write: io.stdout,
          isTty: io.isTty,
          color: io.isTty && !io.env.NO_COLOR,
        });
        const loaded = await loadConfig(cwd, options.config);
        const files = await findCaseFiles(paths, cwd);
        const suites: RunnableSuite[] = [];
        for (const file of files) {
          const shown = path.relative(cwd, file) || file;
          const parsed = await loadCaseFile(file, shown);
          if (!parsed.suite) throw new CaseFileError(parsed.diagnostics);
          suites.push({ file: shown, suite: parsed.suite });
        }
        const baseline = options.baseline ? { result: await loadRunResult(path.resolve(cwd, options.baseline), options.baseline), file: options.baseline } : undefined;
        let caseIds: Set<string> | undefined;
        if (options.rerunFailed) {
          const file = typeof options.rerunFailed === 'string' ? options.rerunFailed : LAST_RUN_FILE;
          caseIds = failedCaseIds(await loadRunResult(path.resolve(cwd, file), file));
          if (caseIds.size === 0) {
            io.stderr(`casewright: nothing to rerun: no case failed or errored in ${file}\n`);
            return EXIT_OK;
          }
        }

        const definitions = await discoverTargets({
          cwd,
          configTargets: loaded.config.targets,
          configDir: loaded.dir,
          configFile: loaded.file ? path.relative(cwd, loaded.file) : undefined,
          caseFiles: files,
        });
        const router = undefined;
        let override: Target | undefined;
        const targets = new Map<string, Target>();
        if (options.target) {
          override = createTarget(await resolveTargetOption(options.target, definitions, cwd), io.env, router);
        } else {
          // Unknown target names are an input error before anything runs.
          const unknown = new Map<string, string>();
          for (const { suite, file } of suites) {
            for (const c of suite.cases) {
              if (c.kind !== 'conversation' || c.status === 'deprecated') continue;
              const name = (c as ConversationCase).target ?? suite.defaults?.target;
              if (!name) throw new UsageError(`${file}: case '${c.title}' names no target; set defaults.target in the file or pass --target`);
              if (!definitions.has(name)) unknown.set(name, file);
              else if (!targets.has(name)) targets.set(name, createTarget(definitions.get(name)!, io.env, router));
            }
          }
          if (unknown.size) {
            const [name, file] = [...unknown.entries()][0]!;
            const known = [...definitions.keys()];
            throw new UsageError(`${file}: unknown target '${name}'; ${known.length ? `known targets: ${known.join(', ')}` : 'none are declared'} (declare it under targets: in casewright.config.yaml or in targets/${name}.yaml, or pass --target)`);
          }
        }

        const lastRun = createJsonReporter(path.resolve(cwd, path.dirname(LAST_RUN_FILE)), path.basename(LAST_RUN_FILE));
        const result = await runSuites({
          suites,
          target: override,
          targets,
          router,
          judge: loaded.config.judge,
          concurrency: options.concurrency,
          repeat: options.repeat,
          minSuccessRate: options.minSuccessRate,
          timeoutMs: options.timeout,
          grep: options.grep,
          shard,
          caseIds,
          cache: options.cache,
          signal: ctx.signal,
          baseline,
          reporters: [...reporters, lastRun],
        });
        for (const reporter of reporters) {
          for (const file of reporter.files ?? []) io.stderr(`${reporter.name} report: ${path.relative(cwd, file) || file}\n`);
        }
        if (options.updateStats && !result.interrupted) {
          const changed = await updateCaseStats(result, cwd);
          io.stderr(changed.length ? `updated stats in ${changed.join(', ')}\n` : 'no stats to update\n');
        }
        if (result.interrupted) return EXIT_INTERRUPTED;
        return result.summary.failed + result.summary.errored > 0 ? EXIT_FINDINGS : EXIT_OK;
      }),
    );
}
