import type { CaseResult, RunSummary } from '../../model/result.js';
import { skippedChecks } from '../unchecked.js';

export const OUTCOME_ICON: Record<CaseResult['outcome'], string> = { passed: '✓', failed: '✗', errored: '!', skipped: '○' };

/** `1.2 s`, `340 ms`. */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '–';
  return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

/** `$0.0042`; `–` when nothing was spent. */
export function formatCost(cost: number | undefined): string {
  if (!cost) return '–';
  return `$${cost < 0.01 ? cost.toFixed(4) : cost.toFixed(2)}`;
}

/** Voice cases under several audio conditions: which ones it did not pass. */
function underConditions(c: CaseResult): string {
  const conditions = c.conditions ?? [];
  const names = (outcomes: CaseResult['outcome'][]) => conditions.filter((x) => outcomes.includes(x.outcome)).map((x) => x.condition);
  const bad = names(['failed', 'errored']);
  const good = names(['passed']);
  return ` — under ${bad.join(', ') || 'no condition'}${good.length ? `; passed under ${good.join(', ')}` : ''}${c.flaky ? ' (flaky)' : ''}`;
}

/** One line: the checks of a case that ran but were skipped, e.g. `1 check not run: no judge model configured`; empty when none. */
export function checksNotRun(c: CaseResult): string {
  if (c.outcome === 'skipped') return '';
  const skipped = skippedChecks(c.assertions);
  if (skipped.length === 0) return '';
  const reasons = [...new Set(skipped.map((a) => a.reason))];
  return `${skipped.length} check${skipped.length === 1 ? '' : 's'} not run: ${reasons.join('; ')}`;
}

/** One line: why a case did not pass. */
export function whyNot(c: CaseResult): string {
  if (c.outcome === 'skipped') return `skipped (${c.skipReason ?? 'no reason given'})`;
  if (c.outcome === 'errored') return c.error ? `${c.error.code}: ${c.error.message}` : 'errored';
  const failed = c.assertions.filter((a) => !a.pass && !a.skipped);
  const first = failed[0];
  const rate =
    c.conditions && c.conditions.length > 1
      ? underConditions(c)
      : c.successRate !== undefined
        ? ` — passed ${Math.round(c.successRate * 100)}% of attempts${c.flaky ? ' (flaky)' : ''}`
        : '';
  if (!first) return `score ${c.score} below the case threshold${rate}`;
  const child = first.children?.find((x) => !x.pass && !x.skipped);
  const detail = child ? `${child.type}: ${child.reason}` : first.reason;
  return `${first.type}${first.metric ? ` (${first.metric})` : ''}${first.turn ? ` [turn ${first.turn}]` : ''}: ${detail}${failed.length > 1 ? ` (+${failed.length - 1} more)` : ''}${rate}`;
}

export function summaryLine(s: RunSummary): string {
  const parts = [`${s.passed} passed`, `${s.failed} failed`];
  if (s.errored) parts.push(`${s.errored} errored`);
  if (s.skipped) parts.push(`${s.skipped} skipped`);
  if (s.flaky) parts.push(`${s.flaky} flaky`);
  return parts.join(', ');
}
