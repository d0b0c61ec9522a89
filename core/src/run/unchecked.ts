// What a run did not check, so no report and no exit code looks greener than the
// run was: cases skipped although they were meant to run (a judge without a model,
// a case without checks, Ctrl-C), and cases whose outcome stands on fewer checks
// than they have. Manual and deprecated cases are skipped by design.
import type { AssertionResult, CaseResult, RunResult } from '../model/result.js';

/** Skip reasons that are by design: manual cases are run by a person, deprecated ones are retired. */
export const INTENTIONAL_SKIP_REASONS: ReadonlySet<string> = new Set(['manual', 'deprecated']);

/** True for a manual or deprecated case (skipped by design, not a check that could not run). */
export function isIntentionalSkip(c: CaseResult): boolean {
  return c.outcome === 'skipped' && INTENTIONAL_SKIP_REASONS.has(c.skipReason ?? '');
}

/** The checks of a case that were skipped (leaves of assert-sets included). */
export function skippedChecks(assertions: readonly AssertionResult[]): AssertionResult[] {
  return assertions.flatMap((a) => (a.children?.length ? skippedChecks(a.children) : a.skipped ? [a] : []));
}

export interface Unchecked {
  /** Cases that were meant to run and checked nothing (not manual, not deprecated). */
  skipped: CaseResult[];
  /** Cases that passed or failed while some of their checks were skipped. */
  partial: CaseResult[];
  /** Manual and deprecated cases. */
  intentional: CaseResult[];
  /** Cases that checked something (passed, failed or errored). */
  checked: number;
}

export function uncheckedCases(result: Pick<RunResult, 'cases'>): Unchecked {
  const skipped: CaseResult[] = [];
  const partial: CaseResult[] = [];
  const intentional: CaseResult[] = [];
  let checked = 0;
  for (const c of result.cases) {
    if (c.outcome === 'skipped') (isIntentionalSkip(c) ? intentional : skipped).push(c);
    else {
      checked++;
      if (skippedChecks(c.assertions).length > 0) partial.push(c);
    }
  }
  return { skipped, partial, intentional, checked };
}

/** True when cases were meant to run but none checked anything: such a run must not count as green. */
export function checkedNothing(unchecked: Unchecked): boolean {
  return unchecked.checked === 0 && unchecked.skipped.length > 0;
}

/** Cases grouped by the reason they (or some of their checks) were skipped, most frequent first. */
export function groupBySkipReason(cases: readonly CaseResult[]): { reason: string; cases: CaseResult[] }[] {
  const groups = new Map<string, CaseResult[]>();
  for (const c of cases) {
    const reasons = c.outcome === 'skipped' ? [c.skipReason ?? 'skipped'] : [...new Set(skippedChecks(c.assertions).map((a) => a.reason))];
    for (const reason of reasons) groups.set(reason, [...(groups.get(reason) ?? []), c]);
  }
  return [...groups.entries()].map(([reason, list]) => ({ reason, cases: list })).sort((a, b) => b.cases.length - a.cases.length);
}
