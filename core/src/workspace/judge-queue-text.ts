/**
 * The judge validation queue as a person reads it: a queued verdict (the CLI's list and
 * review, the VS Code Judge Review document) and the agreement report (`casewright
 * judge-agreement`, VS Code's Judge Agreement). Control characters are shown, never interpreted.
 */
import type { QueuedVerdict } from '../model/judge-queue.js';
import type { JudgeAgreement } from '../run/judge-queue.js';
import { printable } from '../util/printable.js';

export const verdictWord = (pass: boolean) => (pass ? 'pass' : 'fail');

export interface FormatQueuedVerdictOptions {
  /** Characters of the answer shown (default 800; the rest is cut with …). */
  answerChars?: number | undefined;
}

/** A queued verdict: the case, the check, the judges' verdict and score against the threshold, every requirement with each judge's vote and reason, the answer. */
export function formatQueuedVerdict(
  item: QueuedVerdict,
  decided?: { decision: string; pass: boolean; note?: string | undefined; by?: string | undefined },
  options: FormatQueuedVerdictOptions = {},
): string {
  const lines = [
    `${item.id}  ${item.title}`,
    `  ${item.file ?? ''} · ${item.metric ?? item.check} · judges say ${verdictWord(item.pass)} (score ${item.score} vs threshold ${item.threshold}) · queued: ${item.why.join(', ')}`,
    `  judges: ${item.judges.map((j) => `${j.model} ${verdictWord(j.pass)} ${j.score}`).join('; ')}`,
  ];
  for (const v of item.verdicts) {
    lines.push(`  ${v.pass ? 'met    ' : 'not met'}  ${v.requirement} — ${v.reason}`);
    for (const vote of v.votes ?? []) lines.push(`           ${vote.judge}: ${vote.pass ? 'met' : 'not met'} — ${vote.reason}`);
  }
  const max = options.answerChars ?? 800;
  const output = item.output.length > max ? `${item.output.slice(0, max)}…` : item.output;
  lines.push(`  answer: ${output}`);
  if (decided)
    lines.push(
      `  decided: ${decided.decision} → ${verdictWord(decided.pass)}${decided.by ? ` by ${decided.by}` : ''}${decided.note ? ` (${decided.note})` : ''}`,
    );
  return printable(lines.join('\n'));
}

/** Each judge model's Cohen's kappa with its confusion matrix (rows: judge, columns: person), then the counts. */
export function formatJudgeAgreement(
  report: { judges: JudgeAgreement[]; decided: number; pending: number },
  whereToDecide = 'casewright judge-queue',
): string[] {
  if (report.judges.length === 0) return [`No decided judge verdicts yet (${report.pending} pending): decide some with ${whereToDecide}.`];
  const lines: string[] = [];
  for (const j of report.judges) {
    const kappa = j.kappa === null ? 'undefined (one label for everything)' : j.kappa.toFixed(3);
    lines.push(
      `${printable(j.model, { singleLine: true })}: κ = ${kappa} over ${j.n} verdict${j.n === 1 ? '' : 's'} (agreement ${(j.observed * 100).toFixed(1)} %, by chance ${(j.expected * 100).toFixed(1)} %)`,
      '                person: pass  fail',
      `  judge: pass         ${String(j.matrix[0]![0]).padStart(4)}  ${String(j.matrix[0]![1]).padStart(4)}`,
      `  judge: fail         ${String(j.matrix[1]![0]).padStart(4)}  ${String(j.matrix[1]![1]).padStart(4)}`,
    );
  }
  lines.push(`${report.decided} decided, ${report.pending} pending`);
  return lines;
}
