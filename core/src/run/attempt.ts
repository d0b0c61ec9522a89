// One attempt at a conversation case: replay its turns against the target,
// then evaluate its assertions. Target, judge and configuration errors become
// an `errored` attempt; only the run's own abort (Ctrl-C) escapes as `Interrupted`.
import path from 'node:path';
import { CasewrightError } from '../errors/casewright-error.js';
import type { Assertion } from '../model/assertion.js';
import type { ConversationCase } from '../model/case.js';
import type { Suite } from '../model/suite.js';
import type { AttemptResult, RunError, TokenUsage } from '../model/result.js';
import type { ChatMessage } from '../llm/language-model.js';
import { evaluateAssertions, scoreResults, type EvaluatedTurn } from './assertions/evaluate.js';
import type { JudgeContext } from './assertions/types.js';
import { fillVars, turnPrefixes } from './conversation.js';
import type { Target } from './targets/target.js';
import { inputAudioFiles } from '../model/case.js';
import type { ResolvedCondition } from '../voice/sox.js';

/** Thrown when the run was aborted while the attempt ran; the attempt does not count. */
export class Interrupted extends Error {
  constructor() {
    super('interrupted');
    this.name = 'Interrupted';
  }
}

export interface AttemptContext {
  suite: Suite;
  testCase: ConversationCase;
  target: Target;
  judge: JudgeContext;
  runSignal: AbortSignal;
  timeoutMs: number;
  cache: boolean;
  /** Voice targets: the attempt's audio condition and where its audio goes. */
  voice?: AttemptVoice | undefined;
}

export interface AttemptVoice {
  condition: ResolvedCondition;
  /** The attempt's number within its condition (1 unless `--repeat`). */
  attempt: number;
  /** Where turn audio goes: `<audioDir>/<case id>/<attempt>-<condition>-t<turn>-in.wav` / `-out.wav`. */
  audioDir: string;
  /** The case file's directory: `input.audio` paths are relative to it. */
  caseDir: string;
  /** One id per attempt, sent to the app so it keeps the conversation. */
  session: string;
}

const JUDGE_TYPES = new Set(['llm-judge', 'not-llm-judge', 'judge-ensemble', 'not-judge-ensemble']);

function hasJudge(assertions: readonly Assertion[]): boolean {
  return assertions.some((a) => (a.type === 'assert-set' ? hasJudge(a.assert) : JUDGE_TYPES.has(a.type)));
}

/**
 * The assertions a case is checked with: the file's default assertions, the
 * case's own, and — when the case lists requirements but no judge checks
 * them — an implicit `llm-judge`, because requirements are what a judge checks.
 */
export function caseAssertions(suite: Suite, testCase: ConversationCase): Assertion[] {
  const all: Assertion[] = [...(suite.defaults?.assert ?? []), ...testCase.expected.assert];
  if (testCase.expected.requirements.length > 0 && !hasJudge(all)) all.push({ type: 'llm-judge', metric: 'requirements' });
  return all;
}

function addUsage(a: TokenUsage | undefined, b: TokenUsage | undefined): TokenUsage | undefined {
  if (!a) return b;
  if (!b) return a;
  return { input: a.input + b.input, output: a.output + b.output, total: a.total + b.total };
}

function toRunError(error: unknown): RunError {
  if (CasewrightError.isInstance(error)) return { code: error.code, message: error.message };
  return { code: 'ERROR', message: error instanceof Error ? error.message : String(error) };
}

/** The vars a case sees: the file's defaults, overridden by the case's own. */
export function caseVars(suite: Suite, testCase: ConversationCase): Record<string, string | number | boolean> {
  return { ...suite.defaults?.vars, ...testCase.input.vars };
}

/** Extra time a target or judge gets to honour the abort before the attempt is given up on without it. */
export const ABANDON_GRACE_MS = 2000;

/**
 * Runs one attempt; only the run's own abort escapes (as `Interrupted`), everything else is data on the result.
 * It always settles: a target or judge that ignores the abort signal is abandoned `ABANDON_GRACE_MS` after
 * the timeout (the attempt is `errored`, TIMEOUT) or after the run's abort (`Interrupted`).
 */
export async function runAttempt(ctx: AttemptContext): Promise<AttemptResult> {
  // One controller per attempt, its timer cleared when the attempt ends: AbortSignal.timeout
  // would keep a live timer per attempt for the whole timeout, and AbortSignal.any ties every
  // attempt to the run's signal for the life of the run.
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error(`timed out after ${ctx.timeoutMs} ms`));
  }, ctx.timeoutMs);
  const onRunAbort = () => controller.abort(ctx.runSignal.reason);
  ctx.runSignal.addEventListener('abort', onRunAbort, { once: true });
  if (ctx.runSignal.aborted) onRunAbort();
  const signal = controller.signal;
  let abandon: NodeJS.Timeout | undefined;
  const abandoned = new Promise<AttemptResult>((resolve, reject) => {
    const giveUp = () => {
      abandon ??= setTimeout(() => {
        if (ctx.runSignal.aborted) reject(new Interrupted());
        else
          resolve({
            outcome: 'errored',
            score: 0,
            assertions: [],
            error: { code: 'TIMEOUT', message: `the case did not finish within ${ctx.timeoutMs} ms (abandoned: it ignored the stop)` },
          });
      }, ABANDON_GRACE_MS);
    };
    signal.addEventListener('abort', giveUp, { once: true });
    if (signal.aborted) giveUp();
  });
  abandoned.catch(() => undefined);
  try {
    return await Promise.race([attempt(ctx, signal, () => timedOut), abandoned]);
  } finally {
    clearTimeout(timer);
    clearTimeout(abandon);
    ctx.runSignal.removeEventListener('abort', onRunAbort);
  }
}

async function attempt(ctx: AttemptContext, signal: AbortSignal, timedOut: () => boolean): Promise<AttemptResult> {
  const { testCase, target } = ctx;
  const turns: EvaluatedTurn[] = [];
  let cost: number | undefined;
  let tokenUsage: TokenUsage | undefined;
  let cached = true;
  let latencyMs = 0;
  const partial = (): Omit<AttemptResult, 'outcome' | 'score' | 'assertions'> => ({
    ...(ctx.voice ? { condition: ctx.voice.condition.name } : {}),
    ...(turns.length ? { output: turns[turns.length - 1]!.output } : {}),
    // Voice turns keep their audio files, so they are listed even when there is one.
    ...(turns.length > 1 || turns.some((t) => t.voice)
      ? {
          turns: turns.map((t, i) => ({
            turn: i + 1,
            output: t.output,
            latencyMs: Math.round(t.latencyMs ?? 0),
            ...(t.voice ? { voice: t.voice } : {}),
          })),
        }
      : {}),
    ...(turns.length ? { latencyMs: Math.round(latencyMs) } : {}),
    ...(tokenUsage ? { tokenUsage } : {}),
    ...(cost !== undefined ? { cost } : {}),
    ...(turns.length && cached && target.type === 'model' ? { cached: true } : {}),
  });
  const errored = (error: RunError): AttemptResult => ({ outcome: 'errored', score: 0, assertions: [], error, ...partial() });

  try {
    const vars = caseVars(ctx.suite, testCase);
    let messages: ChatMessage[];
    try {
      messages = fillVars(testCase.input.messages, vars);
    } catch (error) {
      return errored({ code: 'CASE_VARS', message: (error as Error).message });
    }
    const prefixes = turnPrefixes(messages);
    if (prefixes.length === 0) return errored({ code: 'CASE_INPUT', message: 'the case has no user message for the target to answer' });
    const recordings = inputAudioFiles(testCase.input);
    for (const [i, prefix] of prefixes.entries()) {
      const voice = ctx.voice;
      const reply = await target.call({
        messages: prefix,
        vars,
        case: { id: testCase.id, title: testCase.title, suite: ctx.suite.suite },
        turn: i + 1,
        signal,
        cache: ctx.cache,
        ...(voice
          ? {
              voice: {
                settings: [testCase.voice, ctx.suite.defaults?.voice],
                condition: voice.condition,
                ...(recordings[i] !== undefined ? { recording: path.resolve(voice.caseDir, recordings[i]) } : {}),
                session: voice.session,
                stem: path.join(voice.audioDir, testCase.id, `${voice.attempt}-${voice.condition.name}-t${i + 1}`),
              },
            }
          : {}),
      });
      latencyMs += reply.latencyMs;
      if (reply.cost !== undefined) cost = (cost ?? 0) + reply.cost;
      tokenUsage = addUsage(tokenUsage, reply.tokenUsage);
      cached &&= reply.cached === true;
      turns.push({
        output: reply.output,
        latencyMs: reply.latencyMs,
        conversation: [...prefix, { role: 'assistant', content: reply.output }],
        ...(reply.voice ? { voice: reply.voice } : {}),
      });
    }
    const assertions = await evaluateAssertions(caseAssertions(ctx.suite, testCase), {
      turns,
      expected: testCase.expected.content,
      transcript: testCase.expected.transcript,
      baseline: testCase.expected.baseline,
      requirements: testCase.expected.requirements,
      vars,
      cost,
      judge: ctx.judge,
      signal,
    });
    const judgeCost = assertions.reduce((sum, a) => sum + (a.cost ?? 0) + (a.children ?? []).reduce((s, c) => s + (c.cost ?? 0), 0), 0);
    const { pass, score, ran } = scoreResults(assertions, testCase.expected.threshold);
    const base = partial();
    const totalCost = cost !== undefined || judgeCost > 0 ? (cost ?? 0) + judgeCost : undefined;
    const result: AttemptResult = {
      ...base,
      ...(totalCost !== undefined ? { cost: totalCost } : {}),
      outcome: !ran ? 'skipped' : pass ? 'passed' : 'failed',
      score,
      assertions,
    };
    return result;
  } catch (error) {
    if (ctx.runSignal.aborted) throw new Interrupted();
    if (timedOut()) return errored({ code: 'TIMEOUT', message: `the case did not finish within ${ctx.timeoutMs} ms` });
    return errored(toRunError(error));
  }
}
