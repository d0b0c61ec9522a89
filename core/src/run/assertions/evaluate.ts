// Evaluates a case's assertions against an attempt: picks the addressed turn,
// calls the handler, resolves `not-` negation (once, here), applies weights and
// assert-sets, and turns the results into a case score and verdict.
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import { parseAssertionType, type Assertion, type BaseAssertionType } from '../../model/assertion.js';
import type { AssertionResult, VoiceTurn } from '../../model/result.js';
import type { ChatMessage } from '../../llm/language-model.js';
import type { AssertionInput, Handler, HandlerRegistry, JudgeContext } from './types.js';
import { ASSERTION_HANDLERS } from './registry.js';

/** One assistant answer of an attempt. */
export interface EvaluatedTurn {
  output: string;
  latencyMs?: number | undefined;
  /** The conversation up to and including this answer. */
  conversation: ChatMessage[];
  /** Audio, timings and measures of a voice turn. */
  voice?: VoiceTurn | undefined;
}

export interface EvaluationContext {
  turns: EvaluatedTurn[];
  expected: string | undefined;
  /** `expected.transcript`: the reference of word and character error rates. */
  transcript?: string | undefined;
  /** `expected.baseline`: the expected content is a logged production answer. */
  baseline?: boolean | undefined;
  requirements: readonly string[];
  vars: Readonly<Record<string, string | number | boolean>>;
  cost: number | undefined;
  judge: JudgeContext;
  signal: AbortSignal;
  handlers?: HandlerRegistry | undefined;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** `turn: 2` = the second answer, `-1` = the last (default). */
export function resolveTurn(turn: number | undefined, count: number): number {
  const wanted = turn ?? -1;
  const index = wanted < 0 ? count + wanted + 1 : wanted;
  if (wanted === 0 || index < 1 || index > count) {
    throw new AssertionConfigError(
      `turn ${wanted} does not exist: this case has ${count} assistant turn${count === 1 ? '' : 's'} (use 1..${count} or -1..-${count})`,
    );
  }
  return index;
}

function paramsOf(assertion: Record<string, unknown>): Record<string, unknown> {
  const { type: _type, weight: _weight, turn: _turn, metric: _metric, ...params } = assertion;
  // `metric` is also a parameter of `similarity` (levenshtein | rouge-l).
  if (assertion.type === 'similarity' || assertion.type === 'not-similarity') params.metric = assertion.metric;
  return params;
}

async function evaluateSingle(assertion: Exclude<Assertion, { type: 'assert-set' }>, ctx: EvaluationContext): Promise<AssertionResult> {
  const parsed = parseAssertionType(assertion.type);
  if (!parsed) throw new AssertionConfigError(`unknown assertion type '${assertion.type}'`);
  const turn = resolveTurn(assertion.turn, ctx.turns.length);
  const answer = ctx.turns[turn - 1]!;
  const handler = (ctx.handlers ?? ASSERTION_HANDLERS)[parsed.base] as Handler<BaseAssertionType>;
  const input: AssertionInput<unknown> = {
    params: paramsOf(assertion as Record<string, unknown>),
    output: answer.output,
    expected: ctx.expected,
    transcript: ctx.transcript,
    baseline: ctx.baseline,
    requirements: ctx.requirements,
    vars: ctx.vars,
    turn,
    conversation: answer.conversation,
    latencyMs: answer.latencyMs,
    voice: answer.voice,
    cost: ctx.cost,
    judge: ctx.judge,
    signal: ctx.signal,
  };
  const result = await handler(input as AssertionInput<never>);
  const negated = parsed.negated && !result.skipped;
  const metricName = parsed.base === 'similarity' ? undefined : assertion.metric;
  return {
    type: assertion.type,
    ...(metricName ? { metric: metricName } : {}),
    pass: negated ? !result.pass : result.pass,
    score: round(negated ? 1 - result.score : result.score),
    reason: negated ? `expected the opposite: ${result.reason}` : result.reason,
    weight: assertion.weight ?? 1,
    ...(ctx.turns.length > 1 ? { turn } : {}),
    ...(result.expected !== undefined ? { expected: result.expected } : {}),
    ...(result.actual !== undefined ? { actual: result.actual } : {}),
    ...(result.verdicts ? { verdicts: result.verdicts } : {}),
    ...(result.judges ? { judges: result.judges } : {}),
    ...(result.threshold !== undefined ? { threshold: result.threshold } : {}),
    ...(result.cost !== undefined ? { cost: result.cost } : {}),
    ...(result.tokenUsage ? { tokenUsage: result.tokenUsage } : {}),
    ...(result.skipped ? { skipped: true } : {}),
  };
}

/**
 * Weighted score of the results that ran (skipped ones do not count) and the
 * verdict: with a threshold the score must reach it; without, every result with
 * weight > 0 must pass. `ran` is false when nothing was checked: no results at
 * all, or every result skipped — a case that checks nothing never passes.
 */
export function scoreResults(
  results: readonly AssertionResult[],
  threshold: number | undefined,
): { pass: boolean; score: number; ran: boolean } {
  const counted = results.filter((r) => !r.skipped);
  if (counted.length === 0) return { pass: true, score: 1, ran: false };
  const totalWeight = counted.reduce((sum, r) => sum + r.weight, 0);
  const score =
    totalWeight > 0 ? counted.reduce((sum, r) => sum + r.score * r.weight, 0) / totalWeight : counted.every((r) => r.pass) ? 1 : 0;
  const pass = threshold !== undefined ? score >= threshold : counted.every((r) => r.pass || r.weight === 0);
  return { pass, score: round(score), ran: true };
}

async function evaluateOne(assertion: Assertion, ctx: EvaluationContext): Promise<AssertionResult> {
  if (assertion.type !== 'assert-set') return evaluateSingle(assertion, ctx);
  const children = await evaluateAssertions(assertion.assert, ctx);
  const { pass, score, ran } = scoreResults(children, assertion.threshold);
  const failed = children.filter((c) => !c.pass && !c.skipped).length;
  const reason = !ran
    ? 'every check in the set was skipped'
    : pass
      ? `${children.length - failed}/${children.length} checks in the set passed`
      : `${failed} of ${children.length} checks in the set failed${assertion.threshold !== undefined ? ` (score ${score} < ${assertion.threshold})` : ''}`;
  return {
    type: 'assert-set',
    ...(assertion.metric ? { metric: assertion.metric } : {}),
    pass,
    score,
    reason,
    weight: assertion.weight ?? 1,
    children,
    ...(ran ? {} : { skipped: true }),
  };
}

/** Evaluates assertions in order. A malformed assertion throws `AssertionConfigError`. */
export async function evaluateAssertions(assertions: readonly Assertion[], ctx: EvaluationContext): Promise<AssertionResult[]> {
  const results: AssertionResult[] = [];
  for (const assertion of assertions) results.push(await evaluateOne(assertion, ctx));
  return results;
}
