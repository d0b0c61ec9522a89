// The runner: selects cases, runs conversation cases against their targets with
// a concurrency limit, per-case timeouts and repeats, and streams results to
// reporters. Target, judge and configuration errors are recorded on the case
// (`errored`) and never stop the suite; Ctrl-C (the signal) stops scheduling,
// aborts what is in flight and still reports everything that finished.
import { randomUUID } from 'node:crypto';
import { UsageError } from '../errors/usage-error.js';
import { setMaxListeners } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConversationCase, TestCase } from '../model/case.js';
import type { Suite } from '../model/suite.js';
import type { AttemptResult, CaseResult, RunResult } from '../model/result.js';
import type { ModelRouter } from '../llm/model-router.js';
import type { ChatMessage } from '../llm/language-model.js';
import { aggregateAttempts, summarize } from './aggregate.js';
import { Interrupted, runAttempt } from './attempt.js';
import { compareWithBaseline } from './baseline.js';
import { fillVars } from './conversation.js';
import { matchesGrep, shardCases, type Shard } from './select.js';
import { judgeWarnings } from './preflight.js';
import type { CalibrationExample } from './assertions/types.js';
import type { PromptRegistry } from '../prompts/prompt-registry.js';
import type { Reporter } from './reporters/reporter.js';
import type { Target } from './targets/target.js';
import { resolveVoiceSettings } from '../voice/voice-settings.js';
import type { ResolvedCondition } from '../voice/sox.js';
import type { SecretMasker } from '../util/secret-masker.js';

/** A loaded case file to run. */
export interface RunnableSuite {
  /** The file as shown in reports (relative to the working directory). */
  file: string;
  suite: Suite;
  /** The directory of the file (absolute): paths in it (`input.audio`) are relative to it. Default: `file`'s, from the working directory. */
  dir?: string | undefined;
}

export interface RunSuitesOptions {
  suites: readonly RunnableSuite[];
  /** Named targets; a case uses `target:` (or its file's `defaults.target`). */
  targets?: ReadonlyMap<string, Target> | undefined;
  /** Every conversation case runs against this target (`--target`). */
  target?: Target | undefined;
  /** Routes model targets and judges; without it judges are skipped ("no judge model configured"). */
  router?: ModelRouter | undefined;
  /** Default judge model (the config's `judge:`). */
  judge?: string | undefined;
  /** How many attempts run at once (default 4). */
  concurrency?: number | undefined;
  /** Attempts per case (default 1, at most `MAX_REPEAT`). */
  repeat?: number | undefined;
  /** A case (one attempt) that takes longer is `errored` (default 120000 ms). */
  timeoutMs?: number | undefined;
  grep?: string | undefined;
  shard?: Shard | undefined;
  /** Run only these case ids (e.g. `--rerun-failed`, or one case from the editor). */
  caseIds?: Iterable<string> | undefined;
  /** With repeats: the success rate a case needs to pass (default 1). */
  minSuccessRate?: number | undefined;
  /** Use the router's response cache (default true). */
  cache?: boolean | undefined;
  signal?: AbortSignal | undefined;
  reporters?: readonly Reporter[] | undefined;
  /**
   * A reporter failed (e.g. the disk is full). The other reporters still get every
   * event and the run goes on. Without this callback, the first such error is thrown
   * after every reporter has had `onRunEnd`.
   */
  onReporterError?: ((reporter: Reporter, error: unknown) => void) | undefined;
  baseline?: { result: RunResult; file: string } | undefined;
  /** Secrets to mask in every result, before any reporter (console, files, last-run.json) or the caller sees it. */
  secrets?: SecretMasker | undefined;
  /** Where the `judge` prompt comes from (default: the built-in prompts; an org's registry applies its override). */
  prompts?: PromptRegistry | undefined;
  /** Where voice turns keep their audio (default: a folder under the system's temp dir). The CLI uses `<out>/audio`. */
  audioDir?: string | undefined;
  /** Verdicts people decided on (the judge queue), given to every judge prompt as calibration examples. */
  calibration?: readonly CalibrationExample[] | undefined;
}

interface Entry {
  suite: RunnableSuite;
  testCase: TestCase;
  result?: CaseResult;
  /** Finished attempts in the order they were queued (conditions as declared), not as they finished. */
  attempts: AttemptResult[];
  pending: number;
  started?: number;
  startedAt?: string;
}

function select(options: RunSuitesOptions): Entry[] {
  const ids = options.caseIds ? new Set([...options.caseIds].map((id) => id.toLowerCase())) : undefined;
  let entries: Entry[] = [];
  for (const suite of options.suites) {
    for (const testCase of suite.suite.cases) {
      if (ids && !ids.has(testCase.id.toLowerCase())) continue;
      if (options.grep && !matchesGrep(testCase, suite.suite.suite, options.grep)) continue;
      entries.push({ suite, testCase, attempts: [], pending: 0 });
    }
  }
  if (options.shard) {
    const keep = new Set(
      shardCases(
        entries.map((e) => ({ id: e.testCase.id, entry: e })),
        options.shard,
      ).map((x) => x.entry),
    );
    entries = entries.filter((e) => keep.has(e));
  }
  return entries;
}

function baseOf(
  entry: Entry,
  target: string | undefined,
): Pick<CaseResult, 'caseId' | 'title' | 'kind' | 'file' | 'suite' | 'target' | 'expected' | 'input' | 'startedAt'> {
  const { testCase, suite } = entry;
  let input: ChatMessage[] | undefined;
  if (testCase.kind === 'conversation') {
    try {
      input = fillVars(testCase.input.messages, { ...suite.suite.defaults?.vars, ...testCase.input.vars });
    } catch {
      input = testCase.input.messages;
    }
  }
  return {
    caseId: testCase.id,
    title: testCase.title,
    kind: testCase.kind,
    file: suite.file,
    suite: suite.suite.suite,
    ...(target ? { target } : {}),
    ...(testCase.kind === 'conversation' && testCase.expected.content !== undefined ? { expected: testCase.expected.content } : {}),
    ...(input ? { input } : {}),
    startedAt: entry.startedAt ?? new Date().toISOString(),
  };
}

function skipped(entry: Entry, reason: string, target?: string): CaseResult {
  return { ...baseOf(entry, target), outcome: 'skipped', skipReason: reason, score: 0, assertions: [], durationMs: 0 };
}

/** The most attempts `--repeat` may ask for per case: a run must end in bounded time. */
export const MAX_REPEAT = 100;

/**
 * Runs the cases of `suites` and returns the run result (also when interrupted).
 * Reporters are prepared (`prepare`: can they write where they must?) before any
 * case runs; a reporter that cannot is a `UsageError` and nothing runs.
 */
export async function runSuites(options: RunSuitesOptions): Promise<RunResult> {
  const repeat = options.repeat ?? 1;
  if (!Number.isInteger(repeat) || repeat < 1 || repeat > MAX_REPEAT)
    throw new UsageError(`repeat must be a whole number from 1 to ${MAX_REPEAT}; got ${repeat}`);
  const reporters = options.reporters ?? [];
  for (const r of reporters) await r.prepare?.();
  const runId = randomUUID();
  const startedAt = new Date().toISOString();
  const clock = performance.now();
  // The run's own signal, linked once to the caller's: every attempt in flight listens to it,
  // so it may carry more than Node's default of 10 listeners without a leak warning.
  const runController = new AbortController();
  const signal = runController.signal;
  setMaxListeners(0, signal);
  const onCallerAbort = () => runController.abort(options.signal?.reason);
  if (options.signal?.aborted) onCallerAbort();
  else options.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const minSuccessRate = options.minSuccessRate ?? 1;
  const entries = select(options);

  // Reporter calls are chained so a slow reporter never sees events out of order. A reporter
  // that fails is reported and the others go on: one full disk must not lose every report.
  let chain: Promise<void> = Promise.resolve();
  let done = 0;
  let firstReporterError: { error: unknown } | undefined;
  const emit = (fn: (r: Reporter) => void | Promise<void>) => {
    chain = chain.then(async () => {
      for (const r of reporters) {
        try {
          await fn(r);
        } catch (error) {
          if (options.onReporterError) options.onReporterError(r, error);
          else firstReporterError ??= { error };
        }
      }
    });
    return chain;
  };
  const finish = (entry: Entry, unmasked: CaseResult) => {
    const result = options.secrets ? options.secrets.maskDeep(unmasked) : unmasked;
    entry.result = result;
    done++;
    const n = done;
    void emit((r) => r.onCaseEnd?.(result, n, entries.length));
  };

  // Said once, before anything runs: requirements that no judge can check in this run.
  const warnings = judgeWarnings(
    entries.map((e) => ({ file: e.suite.file, suite: e.suite.suite, testCase: e.testCase })),
    { router: options.router, judge: options.judge },
  );
  await emit((r) => r.onRunStart?.({ runId, startedAt, total: entries.length, repeat, concurrency, warnings }));

  const targetOf = (entry: Entry): { name?: string; target?: Target; problem?: string } => {
    if (options.target) return { name: options.target.name, target: options.target };
    const name = (entry.testCase as ConversationCase).target ?? entry.suite.suite.defaults?.target;
    if (!name) return { problem: 'the case names no target (set target: on the case, defaults.target in the file, or pass --target)' };
    const target = options.targets?.get(name);
    return target ? { name, target } : { name, problem: `unknown target '${name}'` };
  };

  // Targets start on first use (e.g. the app under test) and stop after the run.
  const starting = new Map<Target, Promise<void>>();
  const ensureStarted = (target: Target) => {
    let promise = starting.get(target);
    if (!promise) {
      promise = target.start ? target.start(signal) : Promise.resolve();
      promise.catch(() => undefined);
      starting.set(target, promise);
    }
    return promise;
  };

  interface Task {
    entry: Entry;
    target: Target;
    targetName: string;
    /** Voice targets: the audio condition of this attempt, and the attempt's number within it. */
    condition?: ResolvedCondition | undefined;
    attempt: number;
    /** Position among the case's attempts. */
    order: number;
  }
  const queue: Task[] = [];
  for (const entry of entries) {
    const { testCase } = entry;
    if (testCase.kind === 'manual') {
      finish(entry, skipped(entry, 'manual'));
      continue;
    }
    if (testCase.status === 'deprecated') {
      finish(entry, skipped(entry, 'deprecated'));
      continue;
    }
    const resolved = targetOf(entry);
    if (!resolved.target) {
      finish(entry, {
        ...baseOf(entry, resolved.name),
        outcome: 'errored',
        score: 0,
        assertions: [],
        error: { code: 'TARGET_UNKNOWN', message: resolved.problem! },
        durationMs: 0,
      });
      continue;
    }
    // A voice case runs once per audio condition (and repeat); other targets ignore conditions.
    const conditions =
      resolved.target.type === 'voice'
        ? resolveVoiceSettings(testCase.voice, entry.suite.suite.defaults?.voice, resolved.target.voice).conditions
        : [undefined];
    entry.pending = repeat * conditions.length;
    for (const [c, condition] of conditions.entries()) {
      for (let i = 0; i < repeat; i++) {
        queue.push({ entry, target: resolved.target, targetName: resolved.name!, condition, attempt: i + 1, order: c * repeat + i });
      }
    }
  }
  const audioDir = options.audioDir ?? path.join(tmpdir(), 'casewright-audio', runId);

  const judgeOf = (entry: Entry) => ({
    router: options.router,
    model: (entry.testCase as ConversationCase).judge ?? entry.suite.suite.defaults?.judge ?? options.judge,
    cache: options.cache ?? true,
    prompts: options.prompts,
    calibration: options.calibration,
  });

  const work = async () => {
    for (;;) {
      if (signal.aborted) return;
      const task = queue.shift();
      if (!task) return;
      const { entry, target } = task;
      entry.started ??= performance.now();
      entry.startedAt ??= new Date().toISOString();
      let attempt: AttemptResult;
      try {
        await ensureStarted(target);
      } catch (error) {
        if (signal.aborted) return;
        attempt = {
          ...(task.condition ? { condition: task.condition.name } : {}),
          outcome: 'errored',
          score: 0,
          assertions: [],
          error: { code: (error as { code?: string }).code ?? 'TARGET_START', message: (error as Error).message },
        };
        record(task, attempt);
        continue;
      }
      try {
        attempt = await runAttempt({
          suite: entry.suite.suite,
          testCase: entry.testCase as ConversationCase,
          target,
          judge: judgeOf(entry),
          runSignal: signal,
          timeoutMs: options.timeoutMs ?? 120_000,
          cache: options.cache ?? true,
          ...(target.type === 'voice' && task.condition
            ? {
                voice: {
                  condition: task.condition,
                  attempt: task.attempt,
                  audioDir,
                  caseDir: entry.suite.dir ?? path.resolve(path.dirname(entry.suite.file)),
                  session: `${runId.slice(0, 8)}-${entry.testCase.id.slice(0, 8)}-${task.condition.name}-${task.attempt}`,
                },
              }
            : {}),
        });
      } catch (error) {
        if (error instanceof Interrupted) return;
        throw error;
      }
      record(task, attempt);
    }
  };
  const record = (task: Task, attempt: AttemptResult) => {
    const { entry } = task;
    entry.attempts[task.order] = attempt;
    entry.pending--;
    if (entry.pending === 0) {
      finish(
        entry,
        aggregateAttempts(baseOf(entry, task.targetName), entry.attempts.filter(Boolean), {
          repeat,
          minSuccessRate,
          durationMs: performance.now() - (entry.started ?? performance.now()),
        }),
      );
      // The result holds what is reported; memory must not grow with a second copy per case.
      entry.attempts = [];
    }
  };

  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(queue.length, 1)) }, work));
  } finally {
    options.signal?.removeEventListener('abort', onCallerAbort);
    await Promise.allSettled([...starting.keys()].map((t) => t.stop?.()));
  }

  const interrupted = signal.aborted;
  for (const entry of entries) {
    if (entry.result) continue;
    // Interrupted: attempts that finished still count; a case with none is reported as not run.
    // A case whose attempts did not all finish is never "passed": what did not run might have failed.
    const targetName = targetOf(entry).name;
    const finished = entry.attempts.filter(Boolean);
    if (finished.length > 0) {
      const partial = aggregateAttempts(baseOf(entry, targetName), finished, {
        repeat: finished.length,
        minSuccessRate,
        durationMs: performance.now() - (entry.started ?? performance.now()),
      });
      finish(
        entry,
        partial.outcome === 'passed'
          ? {
              ...partial,
              outcome: 'skipped',
              skipReason: `interrupted (Ctrl-C) after ${finished.length} of ${finished.length + entry.pending} attempts`,
            }
          : partial,
      );
    } else {
      finish(entry, skipped(entry, 'interrupted (Ctrl-C) before it finished', targetName));
    }
  }
  await chain;

  const cases = entries.map((e) => e.result!);
  const result: RunResult = {
    schemaVersion: 1,
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    ...(options.target ? { target: options.target.name } : {}),
    ...(interrupted ? { interrupted: true } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    ...(repeat > 1 ? { repeat } : {}),
    ...(warnings.length ? { warnings } : {}),
    summary: summarize(cases, performance.now() - clock),
    cases,
    ...(options.baseline ? { baseline: compareWithBaseline(cases, options.baseline.result, options.baseline.file) } : {}),
  };
  await emit((r) => r.onRunEnd?.(result));
  if (firstReporterError) throw firstReporterError.error;
  return result;
}
