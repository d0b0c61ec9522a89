import type { Decision, RejectReason } from '../model/decision.js';

/** A rule stops firing after at least this many rejections of its cases... */
export const RULE_OFF_MIN_REJECTIONS = 3;
/** ...when they are also more than this share of the decisions on its cases. */
export const RULE_OFF_MIN_SHARE = 0.5;

/** An offline rule whose cases a project keeps rejecting, with the numbers that turned it off. */
export interface RuleTurnedOff {
  rule: string;
  /** Cases of the rule that were rejected (the last decision per case counts). */
  rejected: number;
  /** Decisions on the rule's cases in all (accepted, edited, rejected). */
  decided: number;
  /** How often each reason was given. */
  reasons: Partial<Record<RejectReason, number>>;
}

/**
 * The offline rules a project's decisions turn off: rules whose generated cases were rejected
 * at least `RULE_OFF_MIN_REJECTIONS` times and in more than half of the decisions on them.
 * Only the last decision on each case counts (a case rejected, then accepted, is accepted).
 * Pure: the same decisions give the same rules, in order of rejections (most first), then name.
 */
export function rulesTurnedOff(decisions: readonly Decision[]): RuleTurnedOff[] {
  const last = new Map<string, Decision>();
  for (const d of decisions) if (d.case.generator === 'offline' && d.case.rule) last.set(d.caseId.toLowerCase(), d);
  const byRule = new Map<string, RuleTurnedOff>();
  for (const d of last.values()) {
    const rule = d.case.rule!;
    const entry = byRule.get(rule) ?? { rule, rejected: 0, decided: 0, reasons: {} };
    entry.decided++;
    if (d.decision === 'rejected') {
      entry.rejected++;
      const reason = d.reason ?? 'other';
      entry.reasons[reason] = (entry.reasons[reason] ?? 0) + 1;
    }
    byRule.set(rule, entry);
  }
  return [...byRule.values()]
    .filter((r) => r.rejected >= RULE_OFF_MIN_REJECTIONS && r.rejected / r.decided > RULE_OFF_MIN_SHARE)
    .sort((a, b) => b.rejected - a.rejected || a.rule.localeCompare(b.rule));
}
