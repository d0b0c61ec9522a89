import path from 'node:path';
import { loadConfig } from '../../config/config.js';
import { createRouterFromConfig } from '../../llm/router-from-config.js';
import { CaseFileError } from '../../errors/case-file-error.js';
import { UsageError } from '../../errors/usage-error.js';
import { findCaseFiles, loadCaseFile } from '../../model/load.js';
import { runSuites, type RunnableSuite } from '../../run/runner.js';
import { parseShard } from '../../run/select.js';
import { failedCaseIds, loadRunResult } from '../../run/baseline.js';
import { updateCaseStats } from '../../run/stats.js';
import { createReporters } from '../../run/reporters/create-reporters.js';
import { createJsonReporter } from '../../run/reporters/json-reporter.js';
import { createSuiteTargets, createTarget, discoverTargets, resolveTargetOption } from '../../run/targets/resolve-targets.js';
import type { Target } from '../../run/targets/target.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { CommandContext } from '../context.js';
import { EXIT_INTERRUPTED, LAST_RUN_FILE, type RunOptions } from './run.js';

/** `casewright run`: loaded only when the command runs, so other commands start without the runner. */
export async function runCommand(ctx: CommandContext, paths: string[], options: RunOptions): Promise<number> {
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
    suites.push({ file: shown, suite: parsed.suite, dir: path.dirname(file) });
  }
  const baseline = options.baseline
    ? { result: await loadRunResult(path.resolve(cwd, options.baseline), options.baseline), file: options.baseline }
    : undefined;
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
  const router = await createRouterFromConfig(loaded, { env: io.env, noCache: !options.cache });
  let override: Target | undefined;
  let targets = new Map<string, Target>();
  if (options.target) {
    override = createTarget(await resolveTargetOption(options.target, definitions, cwd), io.env, router);
  } else {
    // Unknown target names are an input error before anything runs: a name nobody declares is a typo to fix first.
    const named = createSuiteTargets(suites, definitions, io.env, router);
    targets = named.targets;
    if (named.unknown.size) {
      const [name, file] = [...named.unknown.entries()][0]!;
      const known = [...definitions.keys()];
      throw new UsageError(
        `${file}: unknown target '${name}'; ${known.length ? `known targets: ${known.join(', ')}` : 'none are declared'} (declare it under targets: in casewright.config.yaml or in targets/${name}.yaml, or pass --target)`,
      );
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
    // Voice turns keep their audio beside the reports, so the HTML report can play it.
    audioDir: path.join(reportDir, 'audio'),
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
}
