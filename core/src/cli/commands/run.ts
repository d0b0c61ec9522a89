import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../../errors/usage-error.js';
import type { CommandContext } from '../context.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE } from '../exit-codes.js';
import { printable } from '../../util/printable.js';
import type { RunResult } from '../../model/result.js';
import type { QueueDecision } from '../../model/judge-queue.js';
import type { Workspace } from '../../workspace/workspace.js';
import type * as ExecutionJobs from '../../workspace/execution-job.js';

/** Where `--rerun-failed` looks by default; every run writes it. */
export { LAST_RUN_FILE } from '../../run/last-run-file.js';
import { LAST_RUN_FILE } from '../../run/last-run-file.js';
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
  failOnSkipped?: boolean;
  /** Case ids to run (`--case`), collected from every occurrence. */
  case: string[];
  stdinFile?: string;
  /** Record the execution on Jira (`--jira`). */
  jira?: boolean;
  /** File or reuse a bug for each new failure (`--file-defects`; records the execution too). */
  fileDefects?: boolean;
  /** Also record the execution as an issue of this type (`--execution-issue`). */
  executionIssue?: string;
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

/** The most `--repeat` may ask for (the runner refuses more: a run ends in bounded time). Kept here so `casewright --help` does not load the runner. */
const MAX_REPEAT = 100;

function repeatOption(ctx: CommandContext): (value: string) => number {
  const positive = ctx.positiveInt('--repeat');
  return (value) => {
    const n = positive(value);
    if (n > MAX_REPEAT) throw new InvalidArgumentError(`--repeat must be at most ${MAX_REPEAT}`);
    return n;
  };
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
    .option('--reporter <names>', 'comma-separated: console, json, jsonl, junit, markdown, html, github (default: console)', 'console')
    .option(
      '--out <dir>',
      `where report files go (default: ${DEFAULT_REPORT_DIR}); \`-\` writes the jsonl reporter's lines to standard output`,
      DEFAULT_REPORT_DIR,
    )
    .option('--concurrency <n>', 'attempts running at once (default: 4)', ctx.positiveInt('--concurrency'), 4)
    .option(
      '--repeat <k>',
      `run each case k times (at most ${MAX_REPEAT}); reports a success rate and flaky cases (default: once)`,
      repeatOption(ctx),
      1,
    )
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
    .option(
      '--timeout <ms>',
      'per case (per attempt) timeout in milliseconds (default: 120000, two minutes)',
      ctx.positiveInt('--timeout'),
      120_000,
    )
    .option(
      '--fail-on-skipped',
      'exit 1 when a conversation case, or a check of one, was skipped (manual and deprecated cases do not count)',
    )
    .option(
      '--jira',
      "record the execution on Jira: each case's result history, a summary on each story (cases without a Jira key stay local)",
    )
    .option(
      '--file-defects',
      'with --jira: file (or comment on) a Jira bug for each new failure — not for cases that already failed in --baseline or the previous execution',
    )
    .option('--execution-issue <type>', 'with --jira: also create an issue of this type for the execution, linked to its cases')
    .option('--config <file>', 'the config file (default: casewright.config.yaml in this directory or above)')
    .action(ctx.action((paths: string[], options: RunOptions) => runCommand(ctx, paths, options)));
}

/** `casewright run`: the runner and the reporters load only when the command runs. */
async function runCommand(ctx: CommandContext, paths: string[], options: RunOptions): Promise<number> {
  const { io } = ctx;
  const [
    { runCaseFiles },
    { createReporters },
    { createJsonReporter },
    { createJsonlStreamReporter },
    { groupBySkipReason },
    { cliWorkspace },
  ] = await Promise.all([
    import('../../workspace/run-job.js'),
    import('../../run/reporters/create-reporters.js'),
    import('../../run/reporters/json-reporter.js'),
    import('../../run/reporters/jsonl-reporter.js'),
    import('../../run/unchecked.js'),
    import('../workspace.js'),
  ]);
  if ((options.fileDefects || options.executionIssue) && !options.jira)
    throw new UsageError(`${options.fileDefects ? '--file-defects' : '--execution-issue'} records on Jira: add --jira`);
  const names = options.reporter.split(',').map((n) => n.trim());
  const ws = await cliWorkspace(ctx, { config: options.config, cache: options.cache });
  // The HTML report links each synced case to its issue when a Jira site is known.
  const site = (ws.config.jira?.site ?? io.env.JIRA_BASE_URL)?.replace(/\/+$/, '');
  const jiraKeys = new Map<string, string>();
  const jiraLink = /^https?:\/\//.test(site ?? '')
    ? (caseId: string) => {
        const key = jiraKeys.get(caseId.toLowerCase());
        return key ? { key, url: `${site}/browse/${key}` } : undefined;
      }
    : undefined;
  let reporters;
  if (options.out === '-') {
    // Standard output carries the JSON lines only (tools follow a run live this way).
    const others = names.filter((n) => n !== 'jsonl');
    if (others.length) throw new UsageError(`--out - (standard output) takes only --reporter jsonl (got ${others.join(', ')})`);
    reporters = [createJsonlStreamReporter(io.stdout)];
  } else {
    reporters = createReporters(names, {
      outDir: path.resolve(io.cwd, options.out),
      write: io.stdout,
      isTty: io.isTty,
      color: io.isTty && !io.env.NO_COLOR,
      cwd: io.cwd,
      env: io.env,
      jiraLink,
    });
  }
  // An editor's unsaved text stands in for that file on disk.
  const texts = options.stdinFile
    ? new Map([[path.resolve(io.cwd, options.stdinFile), await readAll(io.stdin ?? process.stdin)]])
    : undefined;
  const rerunFile = options.rerunFailed ? (typeof options.rerunFailed === 'string' ? options.rerunFailed : LAST_RUN_FILE) : undefined;
  // Every run also writes the last result, so `--rerun-failed` knows what failed.
  let reporterFailed = false;
  const lastRun = createJsonReporter(ws.resolve(path.dirname(LAST_RUN_FILE)), path.basename(LAST_RUN_FILE));
  const executions = options.jira || jiraLink ? await import('../../workspace/execution-job.js') : undefined;
  const { findCaseFiles } = await import('../../model/load.js');
  const runPaths = options.stdinFile && !paths.includes(options.stdinFile) ? [...paths, options.stdinFile] : paths;
  const executed = executions ? await executions.readExecutedCases(ws, await findCaseFiles(runPaths, ws.cwd)) : undefined;
  for (const [id, info] of executed ?? []) if (info.testCase.jira?.key) jiraKeys.set(id, info.testCase.jira.key);
  const { result, statsUpdated, verdict, unchecked, files, judgeQueue } = await runCaseFiles(ws, {
    paths: runPaths,
    texts,
    caseIds: options.case.length ? options.case : undefined,
    target: options.target,
    reporters: [...reporters, lastRun],
    concurrency: options.concurrency,
    repeat: options.repeat,
    minSuccessRate: options.minSuccessRate,
    timeoutMs: options.timeout,
    grep: options.grep,
    shard: options.shard,
    baseline: options.baseline,
    rerunFailed: rerunFile,
    updateStats: options.updateStats,
    cache: options.cache,
    failOnSkipped: options.failOnSkipped,
    signal: ctx.signal,
    // Voice turns keep their audio beside the reports, so the HTML report can play it; with
    // `--out -` there is no report folder, and the runner keeps it in the system's temp dir.
    audioDir: options.out === '-' ? undefined : path.join(path.resolve(io.cwd, options.out), 'audio'),
    onReporterError: (reporter, error) => {
      reporterFailed = true;
      io.stderr(
        `casewright: the ${reporter.name} report could not be written: ${ws.secrets.mask(error instanceof Error ? error.message : String(error))}\n`,
      );
    },
  });
  if (!result) {
    io.stderr(`casewright: nothing to rerun: no case failed or errored in ${rerunFile}\n`);
    return EXIT_OK;
  }
  for (const reporter of reporters) {
    for (const file of reporter.files ?? []) io.stderr(`${reporter.name} report: ${ws.shown(file)}\n`);
  }
  if (options.updateStats && !result.interrupted)
    io.stderr(statsUpdated.length ? `updated stats in ${statsUpdated.join(', ')}\n` : 'no stats to update\n');
  if (judgeQueue.queued.length > 0) {
    const n = judgeQueue.queued.length;
    io.stderr(
      `${n} judge verdict${n === 1 ? '' : 's'} queued for a person (near the threshold or judges disagreeing): casewright judge-queue\n`,
    );
  }
  if (judgeQueue.error) io.stderr(`warning: the judge queue could not be written: ${printable(judgeQueue.error, { singleLine: true })}\n`);
  if (verdict === 'interrupted') return EXIT_INTERRUPTED;
  if (reporterFailed) return EXIT_USAGE;
  if (options.jira && executions && executed) {
    const recorded = await recordOnJira(ctx, ws, executions, { result, files, executed, options });
    if (!recorded && verdict === 'passed') return EXIT_USAGE;
  }
  const cases = (n: number) => `${n} case${n === 1 ? '' : 's'}`;
  switch (verdict) {
    case 'failed':
      return EXIT_FINDINGS;
    case 'checked-nothing': {
      const reasons = groupBySkipReason(unchecked.skipped).map((g) => `${g.cases.length}: ${g.reason}`);
      io.stderr(
        `casewright: nothing was checked: ${cases(unchecked.skipped.length)} skipped (${ws.secrets.mask(printable(reasons.join('; '), { singleLine: true }))}); add expected.assert checks or configure a judge model (docs/running.md#assertions)\n`,
      );
      return EXIT_FINDINGS;
    }
    case 'skipped':
      io.stderr(
        `casewright: --fail-on-skipped: ${cases(unchecked.skipped.length)} skipped and ${cases(unchecked.partial.length)} with a check skipped\n`,
      );
      return EXIT_FINDINGS;
    case 'passed':
      return EXIT_OK;
  }
}

/** `--jira` / `--file-defects`: records the run on Jira and says what happened; false when Jira refused. */
async function recordOnJira(
  ctx: CommandContext,
  ws: Workspace,
  jobs: typeof ExecutionJobs,
  input: {
    result: RunResult;
    files: string[];
    executed: Map<string, ExecutionJobs.ExecutedCaseInfo>;
    options: RunOptions;
  },
): Promise<boolean> {
  const { io } = ctx;
  const { result, options } = input;
  try {
    const execution = await jobs.executionFromRun(ws, result, { files: input.files, cases: input.executed });
    const recorded = await jobs.recordExecution(ws, execution, {
      executionIssueType: options.executionIssue,
      signal: ctx.signal,
      judge: { result, decided: await decidedHere(ws) },
    });
    const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
    io.stderr(
      `jira: recorded execution ${execution.id}: ${n(recorded.recorded.length, 'case')} on Jira` +
        (recorded.stories.length ? `, a summary on ${recorded.stories.join(', ')}` : '') +
        (recorded.executionIssue
          ? `, execution issue ${recorded.executionIssue} (${recorded.executionIssueType?.issueType}, ${
              recorded.executionIssueType?.from === 'option'
                ? '--execution-issue'
                : recorded.executionIssueType?.from === 'config'
                  ? 'jira.executionIssueType in the config'
                  : `the Casewright settings of project ${recorded.executionIssueType?.project}`
            })`
          : '') +
        '\n',
    );
    if (recorded.judgeQueued)
      io.stderr(`jira: ${n(recorded.judgeQueued, 'judge verdict')} for a person on the stories (the Jira app's Judge review)\n`);
    if (recorded.local.length)
      io.stderr(
        `jira: ${n(recorded.local.length, 'case')} without a Jira key stayed local (casewright jira push gives them an issue): ${recorded.local
          .slice(0, 5)
          .map((c) => printable(c.title, { singleLine: true }))
          .join('; ')}${recorded.local.length > 5 ? '; …' : ''}\n`,
      );
    if (recorded.missing.length) io.stderr(`jira: not found on Jira, not recorded: ${recorded.missing.join(', ')}\n`);
    if (options.fileDefects) {
      const { loadRunResult } = await import('../../run/baseline.js');
      const baseline = options.baseline ? await loadRunResult(ws.resolve(options.baseline), options.baseline) : undefined;
      const defects = await jobs.fileDefectsForExecution(ws, execution, {
        previous: recorded.previous,
        baseline,
        results: result.cases,
        cases: input.executed,
      });
      for (const d of defects.filed)
        io.stderr(
          `jira: ${d.created ? 'filed' : 'commented on'} ${d.key} for case ${d.caseId}` +
            (d.attachments.length ? `, attached ${d.attachments.join(', ')}` : '') +
            (d.attachmentError ? ` (could not attach the files: ${printable(d.attachmentError, { singleLine: true })})` : '') +
            '\n',
        );
      const old = defects.skipped.length;
      if (old)
        io.stderr(
          `jira: no bug for ${n(old, 'failure')} that ${old === 1 ? 'is' : 'are'} not new (${defects.skipped
            .map((s) => s.reason)
            .filter((r, i, all) => all.indexOf(r) === i)
            .join('; ')})\n`,
        );
    }
    return true;
  } catch (error) {
    io.stderr(
      `casewright: the execution was not recorded on Jira: ${ws.secrets.mask(error instanceof Error ? error.message : String(error))}\n`,
    );
    return false;
  }
}

/** The workspace's decisions on queued judge verdicts: verdicts already decided here reach Jira decided. */
async function decidedHere(ws: Workspace): Promise<Map<string, QueueDecision>> {
  try {
    const { listJudgeQueue } = await import('../../workspace/judge-queue-job.js');
    return new Map((await listJudgeQueue(ws)).entries.flatMap((e) => (e.decision ? [[e.item.id, e.decision] as const] : [])));
  } catch {
    // An unreadable queue decides nothing; the run already warned about it.
    return new Map();
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
