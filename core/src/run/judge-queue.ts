/**
 * The judge validation queue, as data: which judge verdicts of a run a person should look at
 * (near the threshold, or where an ensemble disagrees), what a person decided, how a decision
 * changes a run's recorded outcome, and how often each judge model agrees with people
 * (Cohen's kappa). The workspace job (`judge-queue-job.ts`) keeps it in
 * `.casewright/judge-queue.jsonl`; this module only computes.
 */
import { createHash } from 'node:crypto';
import type { HumanDecision, QueueDecision, QueueReason, QueuedVerdict } from '../model/judge-queue.js';
import type { AssertionResult, CaseResult, RunResult } from '../model/result.js';
import { cohensKappa, type Agreement } from './agreement.js';
import { scoreResults } from './assertions/evaluate.js';
import type { CalibrationExample } from './assertions/types.js';

/** Default distance from the threshold within which a judge check is queued (`judgeQueue.margin`). */
export const DEFAULT_QUEUE_MARGIN = 0.25;

/** The judge checks of a result, with their path, assert-set children included. */
function judgeChecks(assertions: readonly AssertionResult[], prefix: number[] = []): Array<{ check: AssertionResult; path: number[] }> {
  return assertions.flatMap((check, i) => [
    ...(check.judges && !check.skipped ? [{ check, path: [...prefix, i] }] : []),
    ...(check.children ? judgeChecks(check.children, [...prefix, i]) : []),
  ]);
}

/**
 * Why a judge check needs a person, if it does: its judges disagree (an ensemble whose members
 * reached different verdicts, or split on a requirement), or its score is within `margin` of its
 * threshold — a pass that only just reached it, or a failure that only just missed it. A perfect
 * score is never "near": with the default threshold of 1 only failures with most requirements met are.
 */
export function queueReasons(check: Pick<AssertionResult, 'judges' | 'verdicts' | 'score' | 'threshold'>, margin: number): QueueReason[] {
  const why: QueueReason[] = [];
  const judges = check.judges ?? [];
  const split = (check.verdicts ?? []).some((v) => v.votes && new Set(v.votes.map((x) => x.pass)).size > 1);
  if ((judges.length > 1 && new Set(judges.map((j) => j.pass)).size > 1) || split) why.push('disagreement');
  const threshold = check.threshold ?? 1;
  const distance = Math.abs(check.score - threshold);
  if (margin > 0 && check.score < 1 && distance <= margin + 1e-9) why.push('near-threshold');
  return why;
}

function idOf(c: CaseResult, path: number[], check: AssertionResult): string {
  return createHash('sha256')
    .update(JSON.stringify([c.caseId.toLowerCase(), c.file ?? '', path, c.output ?? '', check.verdicts ?? [], check.judges ?? []]))
    .digest('hex')
    .slice(0, 12);
}

/** The judge checks of a run that go to the queue. */
export function verdictsToQueue(result: RunResult, options: { margin?: number | undefined } = {}): QueuedVerdict[] {
  const margin = options.margin ?? DEFAULT_QUEUE_MARGIN;
  const out: QueuedVerdict[] = [];
  for (const c of result.cases) {
    for (const { check, path } of judgeChecks(c.assertions)) {
      const why = queueReasons(check, margin);
      if (why.length === 0) continue;
      out.push({
        id: idOf(c, path, check),
        caseId: c.caseId,
        title: c.title,
        ...(c.file ? { file: c.file } : {}),
        path,
        check: check.type,
        ...(check.metric ? { metric: check.metric } : {}),
        why,
        pass: check.pass,
        score: check.score,
        threshold: check.threshold ?? 1,
        judges: check.judges ?? [],
        verdicts: check.verdicts ?? [],
        output: c.output ?? '',
        runId: result.runId,
      });
    }
  }
  return out;
}

/** What a decision says about a queued verdict: confirmed keeps the judges' verdict, overridden flips it. */
export function humanVerdict(item: Pick<QueuedVerdict, 'pass'>, decision: HumanDecision): boolean {
  return decision === 'confirmed' ? item.pass : !item.pass;
}

function checkAt(assertions: AssertionResult[], path: readonly number[]): AssertionResult | undefined {
  let list = assertions;
  let found: AssertionResult | undefined;
  for (const i of path) {
    found = list[i];
    if (!found) return undefined;
    list = found.children ?? [];
  }
  return found;
}

/** What an override needs of a case result (a run's, or the snapshot the Jira queue keeps). */
export type OverridableCase = Pick<CaseResult, 'caseId' | 'file' | 'output' | 'outcome' | 'attempts' | 'assertions'>;

/**
 * An override applied to one case result, in place: the check takes the person's verdict and
 * the case's outcome is computed again from its checks (every check that counts must pass).
 * Only a case that ran once and still holds the judged answer changes: with `--repeat` the
 * attempts keep their folded outcome. Returns the outcome before, or undefined (nothing changed)
 * when it does not apply.
 */
export function overrideCase(c: OverridableCase, item: QueuedVerdict, decision: QueueDecision): CaseResult['outcome'] | undefined {
  if (decision.decision !== 'overridden') return undefined;
  if (c.caseId.toLowerCase() !== item.caseId.toLowerCase() || (c.file ?? '') !== (item.file ?? '') || (c.output ?? '') !== item.output)
    return undefined;
  if (c.attempts || (c.outcome !== 'passed' && c.outcome !== 'failed')) return undefined;
  const check = checkAt(c.assertions, item.path);
  if (!check || !check.judges) return undefined;
  check.pass = decision.pass;
  check.reason = `overridden by ${decision.by ?? 'a person'}: ${decision.pass ? 'met' : 'not met'}${decision.note ? ` (${decision.note})` : ''}; the judges said: ${check.reason}`;
  // A check inside an assert-set decides its set again.
  for (let depth = item.path.length - 1; depth > 0; depth--) {
    const set = checkAt(c.assertions, item.path.slice(0, depth));
    if (set?.children) set.pass = scoreResults(set.children, undefined).pass;
  }
  const before = c.outcome;
  c.outcome = scoreResults(c.assertions, undefined).pass ? 'passed' : 'failed';
  return before;
}

/**
 * An override applied to a run result (`overrideCase` on the case that holds the judged answer,
 * the summary counts following). Returns the changed result (a copy) or undefined when it does
 * not apply.
 */
export function applyOverride(result: RunResult, item: QueuedVerdict, decision: QueueDecision): RunResult | undefined {
  if (decision.decision !== 'overridden') return undefined;
  const copy = structuredClone(result);
  const c = copy.cases.find(
    (x) => x.caseId.toLowerCase() === item.caseId.toLowerCase() && (x.file ?? '') === (item.file ?? '') && (x.output ?? '') === item.output,
  );
  if (!c) return undefined;
  const before = overrideCase(c, item, decision);
  if (!before) return undefined;
  if (before !== c.outcome) {
    copy.summary[before] -= 1;
    copy.summary[c.outcome] += 1;
  }
  return copy;
}

export interface JudgeAgreement extends Agreement<'pass' | 'fail'> {
  /** The judge model (`provider:model`). */
  model: string;
}

/**
 * Agreement of each judge model with people over the decided queue items: one pair per item
 * and judge, `[the judge's own verdict, the person's]`, labels `pass` / `fail` (rows: judge,
 * columns: person). Models in order of first appearance.
 */
export function judgeAgreement(decided: ReadonlyArray<{ item: QueuedVerdict; decision: QueueDecision }>): JudgeAgreement[] {
  const pairs = new Map<string, Array<readonly ['pass' | 'fail', 'pass' | 'fail']>>();
  const label = (pass: boolean) => (pass ? 'pass' : 'fail') as 'pass' | 'fail';
  for (const { item, decision } of decided) {
    for (const judge of item.judges) {
      const list = pairs.get(judge.model) ?? [];
      list.push([label(judge.pass), label(decision.pass)] as const);
      pairs.set(judge.model, list);
    }
  }
  return [...pairs].map(([model, list]) => ({ model, ...cohensKappa(list, ['pass', 'fail']) }));
}

/**
 * Calibration examples from decided queue items, newest first, at most `max`: per requirement
 * of the judged answer, what the person concluded. A confirmed item keeps each requirement's
 * verdict and the judge's reason; an overridden one is one example per requirement the judges
 * got wrong (a pass overridden to fail: the requirements they said were met).
 */
export function calibrationExamples(
  decided: ReadonlyArray<{ item: QueuedVerdict; decision: QueueDecision }>,
  max: number,
): CalibrationExample[] {
  const out: CalibrationExample[] = [];
  for (const { item, decision } of [...decided].reverse()) {
    for (const v of item.verdicts) {
      if (out.length >= max) return out;
      if (decision.decision === 'confirmed') out.push({ requirement: v.requirement, output: item.output, pass: v.pass, reason: v.reason });
      else if (v.pass === item.pass)
        out.push({
          requirement: v.requirement,
          output: item.output,
          pass: decision.pass,
          reason: decision.note ?? `a person overrode the judges' "${v.pass ? 'met' : 'not met'}"`,
        });
    }
  }
  return out;
}
