/**
 * The judge validation queue of a workspace: `.casewright/judge-queue.jsonl` beside the
 * config, only ever appended to. A run queues the judge checks a person should look at (near
 * the threshold, or where an ensemble disagrees; `judgeQueue.margin`); a person confirms or
 * overrides each (`casewright judge-queue`, or `decideJudgeVerdict` from any front end). An
 * override becomes the case's recorded outcome in `.casewright/last-run.json`; decisions give
 * the agreement of each judge model with people (Cohen's kappa) and, with
 * `judgeQueue.calibrationExamples`, calibration examples for the judge prompt.
 */
import path from 'node:path';
import { UsageError } from '../errors/usage-error.js';
import { writeFileAtomic } from '../model/atomic-write.js';
import { appendJsonLine, parseJsonLines, readLog } from '../model/jsonl-log.js';
import { JudgeQueueLineSchema, type HumanDecision, type QueueDecision, type QueuedVerdict } from '../model/judge-queue.js';
import type { RunResult } from '../model/result.js';
import type { CalibrationExample } from '../run/assertions/types.js';
import { loadRunResult } from '../run/baseline.js';
import { LAST_RUN_FILE } from '../run/last-run-file.js';
import {
  applyOverride,
  calibrationExamples,
  DEFAULT_QUEUE_MARGIN,
  humanVerdict,
  judgeAgreement,
  verdictsToQueue,
  type JudgeAgreement,
} from '../run/judge-queue.js';
import type { Workspace } from './workspace.js';

export const JUDGE_QUEUE_FILE = '.casewright/judge-queue.jsonl';
/** The run result an override changes (written by `casewright run` in the folder it runs in). */
export const LAST_RUN_RESULT = LAST_RUN_FILE;

export const judgeQueueFileOf = (ws: Pick<Workspace, 'configDir'>) => path.join(ws.configDir, JUDGE_QUEUE_FILE);

export interface JudgeQueueEntry {
  item: QueuedVerdict & { at: string };
  /** The latest decision on it, if any. */
  decision?: QueueDecision | undefined;
}

export interface JudgeQueue {
  file: string;
  entries: JudgeQueueEntry[];
  /** Lines that could not be read: skipped, never fatal. */
  warnings: string[];
}

/** Every queued verdict with its latest decision, oldest first. */
export async function listJudgeQueue(ws: Pick<Workspace, 'configDir' | 'shown'>): Promise<JudgeQueue> {
  const file = judgeQueueFileOf(ws);
  const text = await readLog(file);
  if (text === undefined) return { file, entries: [], warnings: [] };
  const { entries: lines, warnings } = parseJsonLines(text, ws.shown(file), JudgeQueueLineSchema, 'a judge queue line');
  const byId = new Map<string, JudgeQueueEntry>();
  for (const line of lines) {
    if (line.type === 'queued') {
      const { v: _v, type: _t, ...item } = line;
      if (!byId.has(item.id)) byId.set(item.id, { item });
    } else {
      const entry = byId.get(line.id);
      const { v: _v, type: _t, ...decision } = line;
      if (entry) entry.decision = decision;
      else warnings.push(`${ws.shown(file)}: a decision on ${line.id}, which is not queued; skipped`);
    }
  }
  return { file, entries: [...byId.values()], warnings };
}

/**
 * Queues the judge checks of a run that a person should look at; a check already queued
 * (same case, check, answer and verdicts) is not queued again. Secrets are masked first.
 * Returns the newly queued verdicts.
 */
export async function queueJudgeVerdicts(ws: Workspace, result: RunResult): Promise<QueuedVerdict[]> {
  const margin = ws.config.judgeQueue?.margin ?? DEFAULT_QUEUE_MARGIN;
  const candidates = verdictsToQueue(result, { margin });
  if (candidates.length === 0) return [];
  const known = new Set((await listJudgeQueue(ws)).entries.map((e) => e.item.id));
  const fresh = candidates.filter((c) => !known.has(c.id));
  const at = new Date().toISOString();
  for (const item of fresh) await appendJsonLine(judgeQueueFileOf(ws), ws.secrets.maskDeep({ v: 1, type: 'queued', at, ...item }));
  return fresh;
}

export interface DecideJudgeVerdictInput {
  /** The queued verdict's id (or an unambiguous prefix of it). */
  id: string;
  decision: HumanDecision;
  note?: string | undefined;
  by?: string | undefined;
}

export interface DecideJudgeVerdictResult {
  entry: JudgeQueueEntry;
  decision: QueueDecision;
  /** With an override: whether `.casewright/last-run.json` took it (its case outcome as it is now), or why not. */
  lastRun?: { applied: true; outcome: string } | { applied: false; why: string } | undefined;
}

/**
 * Records a person's decision on a queued verdict (appended; a later decision on the same
 * item replaces an earlier one). An override also becomes the case's recorded outcome: the
 * check in `.casewright/last-run.json` takes the person's verdict and the case's outcome is
 * computed again (when that run still holds the judged answer and ran the case once).
 */
export async function decideJudgeVerdict(ws: Workspace, input: DecideJudgeVerdictInput): Promise<DecideJudgeVerdictResult> {
  const queue = await listJudgeQueue(ws);
  const wanted = input.id.trim().toLowerCase();
  const matches = queue.entries.filter((e) => e.item.id.startsWith(wanted));
  if (!wanted || matches.length === 0)
    throw new UsageError(`no queued judge verdict ${input.id} in ${ws.shown(queue.file)} (casewright judge-queue lists them)`);
  if (matches.length > 1) throw new UsageError(`${input.id} names ${matches.length} queued verdicts: give more of the id`);
  const entry = matches[0]!;
  const decision: QueueDecision = ws.secrets.maskDeep({
    id: entry.item.id,
    decision: input.decision,
    pass: humanVerdict(entry.item, input.decision),
    ...(input.note?.trim() ? { note: input.note.trim() } : {}),
    ...(input.by ? { by: input.by } : {}),
    at: new Date().toISOString(),
  });
  await appendJsonLine(queue.file, { v: 1, type: 'decided', ...decision });
  const result: DecideJudgeVerdictResult = { entry: { ...entry, decision }, decision };
  if (input.decision === 'overridden') result.lastRun = await overrideLastRun(ws, entry.item, decision);
  return result;
}

async function overrideLastRun(ws: Workspace, item: QueuedVerdict, decision: QueueDecision): Promise<DecideJudgeVerdictResult['lastRun']> {
  const file = ws.resolve(LAST_RUN_RESULT);
  let run: RunResult;
  try {
    run = await loadRunResult(file, ws.shown(file));
  } catch {
    return { applied: false, why: `${ws.shown(file)} cannot be read (run the cases again to record outcomes)` };
  }
  const changed = applyOverride(run, item, decision);
  if (!changed) return { applied: false, why: `${ws.shown(file)} no longer holds that answer, or the case ran more than once` };
  await writeFileAtomic(file, `${JSON.stringify(changed, null, 2)}\n`);
  const c = changed.cases.find((x) => x.caseId.toLowerCase() === item.caseId.toLowerCase() && (x.file ?? '') === (item.file ?? ''));
  return { applied: true, outcome: c?.outcome ?? 'unknown' };
}

/** Agreement of each judge model with people over the decided items (Cohen's kappa, confusion matrix). */
export async function judgeAgreementReport(
  ws: Pick<Workspace, 'configDir' | 'shown'>,
): Promise<{ judges: JudgeAgreement[]; decided: number; pending: number; warnings: string[] }> {
  const queue = await listJudgeQueue(ws);
  const decided = queue.entries.filter((e): e is JudgeQueueEntry & { decision: QueueDecision } => !!e.decision);
  return {
    judges: judgeAgreement(decided.map((e) => ({ item: e.item, decision: e.decision }))),
    decided: decided.length,
    pending: queue.entries.length - decided.length,
    warnings: queue.warnings,
  };
}

/** Calibration examples for the judge prompt (`judgeQueue.calibrationExamples`, default none). */
export async function judgeCalibration(ws: Workspace): Promise<CalibrationExample[]> {
  const max = ws.config.judgeQueue?.calibrationExamples ?? 0;
  if (max === 0) return [];
  const queue = await listJudgeQueue(ws);
  const decided = queue.entries.flatMap((e) => (e.decision ? [{ item: e.item, decision: e.decision }] : []));
  return calibrationExamples(decided, max);
}
