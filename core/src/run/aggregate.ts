import {
  countOutcomes,
  type AssertionResult,
  type AttemptResult,
  type CaseResult,
  type RunSummary,
  type TokenUsage,
} from '../model/result.js';

const round = (n: number) => Math.round(n * 1000) / 1000;

/** Why a case checked nothing: the reasons its checks were skipped, or that it has none. */
export const NOTHING_TO_CHECK = 'nothing to check: the case has no expected.assert and no expected.requirements';

function skipReasonOf(assertions: readonly AssertionResult[]): string {
  const reasons = [...new Set(assertions.filter((a) => a.skipped).map((a) => a.reason))];
  return reasons.length ? reasons.join('; ') : NOTHING_TO_CHECK;
}

function sumUsage(usages: (TokenUsage | undefined)[]): TokenUsage | undefined {
  const present = usages.filter((u): u is TokenUsage => u !== undefined);
  if (present.length === 0) return undefined;
  return present.reduce((a, b) => ({ input: a.input + b.input, output: a.output + b.output, total: a.total + b.total }));
}

/** Outcome and success rate of a set of attempts: passed when the rate over those that ran reaches `minSuccessRate`. */
function fold(attempts: readonly AttemptResult[], minSuccessRate: number) {
  const counted = attempts.filter((a) => a.outcome !== 'skipped');
  const passed = counted.filter((a) => a.outcome === 'passed').length;
  const successRate = counted.length ? round(passed / counted.length) : 0;
  const outcome: CaseResult['outcome'] =
    counted.length === 0
      ? 'skipped'
      : counted.every((a) => a.outcome === 'errored')
        ? 'errored'
        : successRate >= minSuccessRate
          ? 'passed'
          : 'failed';
  const score = round(counted.length ? counted.reduce((s, a) => s + a.score, 0) / counted.length : 0);
  return { outcome, successRate, score, flaky: passed > 0 && passed < counted.length, counted: counted.length };
}

/**
 * Folds the attempts of one case (`--repeat k`, and one per audio condition for voice
 * cases) into its result. The case passes when its success rate over the attempts that
 * ran reaches `minSuccessRate` (default 1: every attempt) — under every condition, when
 * it ran under several; it is `flaky` when attempts under the same condition disagree.
 * The assertions and output shown are those of the first attempt that did not pass.
 */
export function aggregateAttempts(
  base: Pick<CaseResult, 'caseId' | 'title' | 'kind' | 'file' | 'suite' | 'target' | 'expected' | 'input' | 'startedAt'>,
  attempts: readonly AttemptResult[],
  options: { repeat: number; minSuccessRate: number; durationMs: number },
): CaseResult {
  const groups = new Map<string, AttemptResult[]>();
  for (const a of attempts) groups.set(a.condition ?? '', [...(groups.get(a.condition ?? '') ?? []), a]);
  const folded = [...groups.entries()].map(([condition, list]) => ({ condition, ...fold(list, options.minSuccessRate) }));
  const overall = fold(attempts, options.minSuccessRate);
  const ran = folded.filter((g) => g.outcome !== 'skipped');
  // Under several conditions a case passes when it passes under each; one failing condition fails it.
  const outcome: CaseResult['outcome'] =
    folded.length <= 1
      ? overall.outcome
      : ran.length === 0
        ? 'skipped'
        : ran.every((g) => g.outcome === 'errored')
          ? 'errored'
          : ran.every((g) => g.outcome === 'passed')
            ? 'passed'
            : 'failed';
  const shown = attempts.find((a) => a.outcome !== 'passed' && a.outcome !== 'skipped') ?? attempts[attempts.length - 1]!;
  const latencies = attempts.map((a) => a.latencyMs).filter((l): l is number => l !== undefined);
  const costs = attempts.map((a) => a.cost).filter((c): c is number => c !== undefined);
  const tokenUsage = sumUsage(attempts.map((a) => a.tokenUsage));
  const several = options.repeat > 1 || folded.length > 1;
  return {
    ...base,
    outcome,
    ...(outcome === 'skipped' ? { skipReason: skipReasonOf(shown.assertions) } : {}),
    score: overall.score,
    ...(shown.output !== undefined ? { output: shown.output } : {}),
    ...(shown.turns ? { turns: shown.turns } : {}),
    assertions: shown.assertions,
    ...(shown.error ? { error: shown.error } : {}),
    ...(several ? { attempts: [...attempts], successRate: overall.successRate, flaky: folded.some((g) => g.flaky) } : {}),
    ...(folded.length > 1 || (folded.length === 1 && folded[0]!.condition !== '')
      ? {
          conditions: folded.map((g) => ({
            condition: g.condition,
            outcome: g.outcome,
            score: g.score,
            ...(options.repeat > 1 ? { successRate: g.successRate } : {}),
          })),
        }
      : {}),
    ...(latencies.length ? { latencyMs: Math.round(latencies.reduce((a, b) => a + b, 0) / latencies.length) } : {}),
    durationMs: Math.round(options.durationMs),
    ...(tokenUsage ? { tokenUsage } : {}),
    ...(costs.length ? { cost: costs.reduce((a, b) => a + b, 0) } : {}),
    ...(attempts.length && attempts.every((a) => a.cached) ? { cached: true } : {}),
  };
}

/** Counts for the run summary. */
export function summarize(cases: readonly CaseResult[], durationMs: number): RunSummary {
  return {
    ...countOutcomes(cases),
    durationMs: Math.round(durationMs),
    cost: cases.reduce((s, c) => s + (c.cost ?? 0), 0),
    tokenUsage: sumUsage(cases.map((c) => c.tokenUsage)) ?? { input: 0, output: 0, total: 0 },
  };
}
