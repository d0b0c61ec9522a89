import path from 'node:path';
import { CaseFileError } from '../errors/case-file-error.js';
import { UsageError } from '../errors/usage-error.js';
import { checkCaseFileSize, findCaseFiles, loadCaseFile } from '../model/load.js';
import { parseCaseFile } from '../model/case-file.js';
import type { CaseResult, RunResult } from '../model/result.js';
import { failedCaseIds, loadRunResult } from '../run/baseline.js';
import type { Reporter } from '../run/reporters/reporter.js';
import { runSuites, type RunnableSuite } from '../run/runner.js';
import { parseShard, type Shard } from '../run/select.js';
import { updateCaseStats } from '../run/stats.js';
import {
  createSuiteTargets,
  createTarget,
  discoverTargets,
  resolveTargetOption,
  unknownTargetMessage,
} from '../run/targets/resolve-targets.js';
import type { Target } from '../run/targets/target.js';
import { checkedNothing, uncheckedCases, type Unchecked } from '../run/unchecked.js';
import { judgeCalibration, queueJudgeVerdicts } from './judge-queue-job.js';
import type { QueuedVerdict } from '../model/judge-queue.js';
import type { Workspace } from './workspace.js';

export interface RunCaseFilesOptions {
  /** Case files or directories (searched recursively), relative to the workspace. */
  paths: readonly string[];
  /** Run every case against this target: a declared name or a target file. */
  target?: string | undefined;
  /**
   * A target name nobody declares: `error` (default) stops before anything runs; `per-case`
   * lets the runner report it on each case that names it (the editor shows it there).
   */
  unknownTargets?: 'error' | 'per-case' | undefined;
  reporters?: readonly Reporter[] | undefined;
  concurrency?: number | undefined;
  repeat?: number | undefined;
  minSuccessRate?: number | undefined;
  /** Per case (per attempt), in milliseconds. */
  timeoutMs?: number | undefined;
  grep?: string | undefined;
  /** `i/n` or a parsed shard. */
  shard?: string | Shard | undefined;
  /** Only these case ids. */
  caseIds?: Iterable<string> | undefined;
  /** Text that stands in for files on disk, by absolute path: an editor's unsaved changes. */
  texts?: ReadonlyMap<string, string> | undefined;
  /** A result file to compare with (regressions, fixes, new cases). */
  baseline?: string | undefined;
  /** A result file: run only the cases that failed or errored in it. */
  rerunFailed?: string | undefined;
  /** Write run count, success rate and the last outcome into the case files. */
  updateStats?: boolean | undefined;
  /** Use the model response cache (default true). */
  cache?: boolean | undefined;
  /** A conversation case, or a check of one, that was skipped fails the run (`verdict`); manual and deprecated cases do not count. */
  failOnSkipped?: boolean | undefined;
  signal?: AbortSignal | undefined;
  /** Each case as it finishes, with the absolute path of its file. */
  onCaseResult?: ((file: string, result: CaseResult) => void) | undefined;
  /** Where voice turns keep their audio (the CLI: `<out>/audio`, beside the HTML report that plays it). */
  audioDir?: string | undefined;
  /**
   * A reporter failed (disk full, directory removed); the others still get every event.
   * Without it, the first such error is thrown after every reporter had `onRunEnd`.
   */
  onReporterError?: ((reporter: Reporter, error: unknown) => void) | undefined;
}

/**
 * Whether a run counts as a pass, and if not why: `failed` (a case failed or errored),
 * `interrupted`, `checked-nothing` (conversation cases were meant to run and none checked
 * anything: a green run that checked nothing is not a pass), `skipped` (with
 * `failOnSkipped`: a case or a check was skipped).
 */
export type RunVerdict = 'passed' | 'failed' | 'interrupted' | 'checked-nothing' | 'skipped';

export interface RunCaseFilesResult {
  /** The run; undefined when `rerunFailed` found nothing to run. */
  result: RunResult | undefined;
  /** The run's verdict (`passed` when there was nothing to rerun). */
  verdict: RunVerdict;
  /** What the run did not check: skipped conversation cases, cases with a check skipped, manual and deprecated ones. */
  unchecked: Unchecked;
  /** The case files that were loaded (absolute). */
  files: string[];
  /** Case files whose stats were updated (`updateStats`), as messages show them. */
  statsUpdated: string[];
  /**
   * Judge checks this run put in the validation queue (`.casewright/judge-queue.jsonl`: near the
   * threshold, or judges disagreeing), and why queueing failed, if it did (the run still counts).
   */
  judgeQueue: { queued: QueuedVerdict[]; error?: string | undefined };
}

/**
 * Runs case files: loads and validates them (an invalid file stops before anything runs),
 * resolves the targets they name (`targets:` in the config, `targets/*.yaml` beside the
 * files or in the workspace), runs the conversation cases through the runner and the
 * workspace's router, and streams each result to the reporters and `onCaseResult`.
 */
export async function runCaseFiles(ws: Workspace, options: RunCaseFilesOptions): Promise<RunCaseFilesResult> {
  const shard = typeof options.shard === 'string' ? parseShard(options.shard) : options.shard;
  const files = await findCaseFiles(options.paths, ws.cwd);
  const suites: RunnableSuite[] = [];
  const byShown = new Map<string, string>();
  for (const file of files) {
    const shown = ws.shown(file);
    const text = options.texts?.get(file);
    if (text !== undefined) checkCaseFileSize(Buffer.byteLength(text), shown);
    const parsed = text !== undefined ? parseCaseFile(text, shown) : await loadCaseFile(file, shown);
    if (!parsed.suite) throw new CaseFileError(parsed.diagnostics);
    // `dir`: paths in the file (input.audio) are relative to it, whatever the process's cwd.
    suites.push({ file: shown, suite: parsed.suite, dir: path.dirname(file) });
    byShown.set(shown, file);
  }
  const baseline = options.baseline
    ? { result: await loadRunResult(ws.resolve(options.baseline), options.baseline), file: options.baseline }
    : undefined;
  let caseIds = options.caseIds;
  if (options.rerunFailed) {
    const failed = failedCaseIds(await loadRunResult(ws.resolve(options.rerunFailed), options.rerunFailed));
    const wanted = caseIds && new Set([...caseIds].map((id) => id.toLowerCase()));
    const selected = wanted ? new Set([...failed].filter((id) => wanted.has(id.toLowerCase()))) : failed;
    if (selected.size === 0)
      return {
        result: undefined,
        verdict: 'passed',
        unchecked: uncheckedCases({ cases: [] }),
        files,
        statsUpdated: [],
        judgeQueue: { queued: [] },
      };
    caseIds = selected;
  }

  const definitions = await discoverTargets({
    cwd: ws.cwd,
    configTargets: ws.config.targets,
    configDir: ws.configDir,
    configFile: ws.configFile ? ws.shown(ws.configFile) : undefined,
    caseFiles: files,
  });
  const router = await ws.router();
  let override: Target | undefined;
  let targets = new Map<string, Target>();
  if (options.target) {
    override = createTarget(await resolveTargetOption(options.target, definitions, ws.cwd), ws.env, router, ws.secrets);
  } else {
    const named = createSuiteTargets(suites, definitions, ws.env, router, ws.secrets);
    targets = named.targets;
    if (named.unknown.size && options.unknownTargets !== 'per-case') {
      // A name nobody declares is a typo to fix before anything runs.
      const [name, file] = [...named.unknown.entries()][0]!;
      throw new UsageError(`${file}: ${await unknownTargetMessage(name, definitions, ws.cwd)}`);
    }
  }

  const onCaseResult = options.onCaseResult;
  const listener: Reporter | undefined = onCaseResult && {
    name: 'on-case-result',
    onCaseEnd: (result) => onCaseResult(byShown.get(result.file ?? '') ?? ws.resolve(result.file ?? ''), result),
  };
  const result = await runSuites({
    suites,
    target: override,
    targets,
    router,
    judge: ws.config.judge,
    concurrency: options.concurrency,
    repeat: options.repeat,
    minSuccessRate: options.minSuccessRate,
    timeoutMs: options.timeoutMs,
    grep: options.grep,
    shard,
    caseIds,
    cache: options.cache,
    signal: options.signal,
    baseline,
    audioDir: options.audioDir,
    calibration: await judgeCalibration(ws),
    // Results are masked before any reporter, the caller or last-run.json sees them.
    secrets: ws.secrets,
    onReporterError: options.onReporterError,
    reporters: [...(listener ? [listener] : []), ...(options.reporters ?? [])],
  });
  const statsUpdated = options.updateStats && !result.interrupted ? await updateCaseStats(result, ws.cwd) : [];
  const unchecked = uncheckedCases(result);
  const judgeQueue: RunCaseFilesResult['judgeQueue'] = { queued: [] };
  if (!result.interrupted) {
    try {
      judgeQueue.queued = await queueJudgeVerdicts(ws, result);
    } catch (error) {
      judgeQueue.error = ws.secrets.mask((error as Error).message);
    }
  }
  return { result, verdict: runVerdict(result, unchecked, options.failOnSkipped === true), unchecked, files, statsUpdated, judgeQueue };
}

function runVerdict(result: RunResult, unchecked: Unchecked, failOnSkipped: boolean): RunVerdict {
  if (result.interrupted) return 'interrupted';
  if (result.summary.failed + result.summary.errored > 0) return 'failed';
  if (checkedNothing(unchecked)) return 'checked-nothing';
  if (failOnSkipped && (unchecked.skipped.length > 0 || unchecked.partial.length > 0)) return 'skipped';
  return 'passed';
}
