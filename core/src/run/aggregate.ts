import type { AssertionResult, AttemptResult, CaseResult, RunSummary, TokenUsage } from '../model/result.js';

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

/**
 * Folds the attempts of one case (`--repeat k`) into its result. The case passes
 * when its success rate over the attempts that ran reaches `minSuccessRate`
 * (default 1: every attempt); it is `flaky` when attempts disagree. The
 * assertions and output shown are those of the first attempt that did not pass.
 */
export function aggregateAttempts(
  base: Pick<CaseResult, 'caseId' | 'title' | 'kind' | 'file' | 'suite' | 'target' | 'expected' | 'input' | 'startedAt'>,
  attempts: readonly AttemptResult[],
  options: { repeat: number; minSuccessRate: number; durationMs: number },
): CaseResult {
  const counted = attempts.filter((a) => a.outcome !== 'skipped');
  const passed = counted.filter((a) => a.outcome === 'passed').length;
  const successRate = counted.length ? round(passed / counted.length) : 0;
  const outcome: CaseResult['outcome'] =
    counted.length === 0
      ? 'skipped'
      : counted.every((a) => a.outcome === 'errored')
        ? 'errored'
        : successRate >= options.minSuccessRate
          ? 'passed'
          : 'failed';
  const shown = attempts.find((a) => a.outcome !== 'passed' && a.outcome !== 'skipped') ?? attempts[attempts.length - 1]!;
  const latencies = attempts.map((a) => a.latencyMs).filter((l): l is number => l !== undefined);
  const costs = attempts.map((a) => a.cost).filter((c): c is number => c !== undefined);
  const tokenUsage = sumUsage(attempts.map((a) => a.tokenUsage));
  const repeated = options.repeat > 1;
  return {
    ...base,
    outcome,
    ...(outcome === 'skipped' ? { skipReason: skipReasonOf(shown.assertions) } : {}),
    score: round(counted.length ? counted.reduce((s, a) => s + a.score, 0) / counted.length : 0),
    ...(shown.output !== undefined ? { output: shown.output } : {}),
    ...(shown.turns ? { turns: shown.turns } : {}),
    assertions: shown.assertions,
    ...(shown.error ? { error: shown.error } : {}),
    ...(repeated ? { attempts: [...attempts], successRate, flaky: passed > 0 && passed < counted.length } : {}),
    ...(latencies.length ? { latencyMs: Math.round(latencies.reduce((a, b) => a + b, 0) / latencies.length) } : {}),
    durationMs: Math.round(options.durationMs),
    ...(tokenUsage ? { tokenUsage } : {}),
    ...(costs.length ? { cost: costs.reduce((a, b) => a + b, 0) } : {}),
    ...(attempts.length && attempts.every((a) => a.cached) ? { cached: true } : {}),
  };
}

/** Counts for the run summary. */
export function summarize(cases: readonly CaseResult[], durationMs: number): RunSummary {
  const count = (o: CaseResult['outcome']) => cases.filter((c) => c.outcome === o).length;
  return {
    total: cases.length,
    passed: count('passed'),
    failed: count('failed'),
    errored: count('errored'),
    skipped: count('skipped'),
    flaky: cases.filter((c) => c.flaky).length,
    durationMs: Math.round(durationMs),
    cost: cases.reduce((s, c) => s + (c.cost ?? 0), 0),
    tokenUsage: sumUsage(cases.map((c) => c.tokenUsage)) ?? { input: 0, output: 0, total: 0 },
  };
}
