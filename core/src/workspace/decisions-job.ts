/**
 * The review decisions of a workspace: every accept / edit / reject of a generated case,
 * one JSON object per line in `.casewright/decisions.jsonl` beside the config. The file is
 * only ever appended to (a reviewer's history is never rewritten); a line torn by a crash
 * or a bad merge is skipped with a warning, never an error, so learning keeps working.
 * Deleting the file (or lines of it) resets what the generator learned.
 */
import path from 'node:path';
import type { TestCaseInput } from '../model/case.js';
import { DecisionSchema, type Decision, type DecisionKind, type RejectReason } from '../model/decision.js';
import { caseText } from '../generate/dedupe.js';
import { appendJsonLine, parseJsonLines, readLog } from '../model/jsonl-log.js';
import type { Workspace } from './workspace.js';

/** Where a workspace's decisions live, relative to its config folder. */
export const DECISIONS_FILE = '.casewright/decisions.jsonl';

/** The decisions file of a workspace (absolute). */
export function decisionsFileOf(ws: Pick<Workspace, 'configDir'>): string {
  return path.join(ws.configDir, DECISIONS_FILE);
}

export interface RecordDecisionInput {
  decision: DecisionKind;
  /** The case decided on; for `edited`, the case after the edit. */
  testCase: TestCaseInput;
  /** The case file (absolute or relative to the workspace folder). */
  file: string;
  /** `edited`: the unified diff of the case, before → after. */
  diff?: string | undefined;
  reason?: RejectReason | undefined;
  note?: string | undefined;
  by?: string | undefined;
  /** Default: now. */
  at?: Date | undefined;
}

/** The decision line for a case (secrets masked by the caller). */
export function decisionOf(input: RecordDecisionInput, file: string): Decision {
  const c = input.testCase;
  const source = c.source?.kind === 'generated' ? c.source : undefined;
  const story = source?.story ?? (c.source?.kind === 'jira' ? c.source.story : undefined);
  return DecisionSchema.parse({
    v: 1,
    at: (input.at ?? new Date()).toISOString(),
    decision: input.decision,
    caseId: c.id,
    file,
    ...(story ? { story } : {}),
    case: {
      title: c.title,
      kind: c.kind,
      covers: c.covers ?? [],
      ...(source ? { generator: source.generator } : {}),
      ...(source?.rule ? { rule: source.rule } : {}),
      ...(source?.promptId ? { promptId: source.promptId } : {}),
      text: caseText(c),
    },
    ...(input.decision === 'edited' && input.diff ? { diff: input.diff } : {}),
    ...(input.decision === 'rejected' && input.reason ? { reason: input.reason } : {}),
    ...(input.note?.trim() ? { note: input.note.trim() } : {}),
    ...(input.by ? { by: input.by } : {}),
  });
}

/**
 * Appends one decision to the workspace's decisions file. Secrets the workspace knows of
 * are masked first (a case's test data may quote a key). One `write` of one line; when the
 * file ends without a newline (a torn line), the new line starts on a line of its own.
 */
export async function recordDecision(ws: Workspace, input: RecordDecisionInput): Promise<Decision> {
  const file = path.relative(ws.configDir, ws.resolve(input.file)).split(path.sep).join('/');
  const decision = ws.secrets.maskDeep(decisionOf(input, file));
  await appendJsonLine(decisionsFileOf(ws), decision);
  return decision;
}

export interface DecisionLog {
  /** The decisions file (absolute). */
  file: string;
  decisions: Decision[];
  /** Lines that could not be read (`decisions.jsonl:7: ...`): skipped, never fatal. */
  warnings: string[];
}

/** Parses decision lines; unreadable ones become warnings naming the line. */
export function parseDecisions(text: string, shown: string): { decisions: Decision[]; warnings: string[] } {
  const { entries, warnings } = parseJsonLines(text, shown, DecisionSchema, 'a decision');
  return { decisions: entries, warnings };
}

/** Every decision recorded in the workspace, oldest first (none when the file does not exist). */
export async function listDecisions(ws: Pick<Workspace, 'configDir' | 'shown'>): Promise<DecisionLog> {
  const file = decisionsFileOf(ws);
  const text = await readLog(file);
  if (text === undefined) return { file, decisions: [], warnings: [] };
  return { file, ...parseDecisions(text, ws.shown(file)) };
}
