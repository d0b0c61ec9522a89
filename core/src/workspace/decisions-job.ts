/**
 * The review decisions of a workspace: every accept / edit / reject of a generated case.
 * `recordDecision` is the one job every front end records a decision with; where the
 * decisions go is the workspace's `DecisionStore` port: by default one JSON object per line
 * in `.casewright/decisions.jsonl` beside the config (the CLI, VS Code), in Forge storage for
 * the Jira app. The log is only ever appended to (a reviewer's history is never rewritten);
 * an entry torn by a crash or a bad merge is skipped with a warning, never an error, so
 * learning keeps working. Deleting the file (or lines of it) resets what the generator learned.
 */
import path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { stringify } from 'yaml';
import { YAML_WRITE_OPTIONS } from '../model/case-file-editor.js';
import type { TestCaseInput } from '../model/case.js';
import { DecisionSchema, type Decision, type DecisionKind, type RejectReason } from '../model/decision.js';
import { caseText } from '../generate/dedupe.js';
import { appendJsonLine, parseJsonLines, readLog } from '../model/jsonl-log.js';
import type { Workspace } from './workspace.js';

/**
 * The port decisions are kept behind: append-only. The default (`createFileDecisionStore`)
 * is `.casewright/decisions.jsonl`; the Jira app keeps them in Forge KVS per project.
 */
export interface DecisionStore {
  /** Where the decisions are kept, as messages show it (a file, `Forge storage (SHOP)`). */
  readonly where: string;
  /** Appends one decision (secrets already masked). */
  append(decision: Decision): Promise<void>;
  /** Every decision, oldest first; entries that cannot be read are warnings naming them. */
  read(): Promise<{ decisions: Decision[]; warnings: string[] }>;
}

/** A case as YAML, the way a reviewer edits it in an editor (and the way edit diffs show it). */
export function caseToYaml(testCase: TestCaseInput): string {
  return stringify(testCase, YAML_WRITE_OPTIONS);
}

/** The unified diff of a case's YAML, before → after, headed `label` (what the decision log keeps for an edit). */
export function caseDiff(before: TestCaseInput, after: TestCaseInput, label: string): string {
  return createTwoFilesPatch(label, label, caseToYaml(before), caseToYaml(after), 'before', 'after', {
    headerOptions: FILE_HEADERS_ONLY,
  });
}

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
  /** `edited` without `diff`: the case before the edit; the diff is computed from it. */
  before?: TestCaseInput | undefined;
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

/** The workspace's decision store: the one it was opened with, else `.casewright/decisions.jsonl`. */
export function decisionStoreOf(ws: Pick<Workspace, 'configDir' | 'shown' | 'decisionStore'>): DecisionStore {
  return ws.decisionStore ?? createFileDecisionStore(decisionsFileOf(ws), ws.shown(decisionsFileOf(ws)));
}

/**
 * Records one decision in the workspace's decision store — the job every front end (the
 * CLI's review, VS Code, the Jira panel) records decisions with. Secrets the workspace
 * knows of are masked first (a case's test data may quote a key). An edit given with the
 * case `before` it gets the diff computed here.
 */
export async function recordDecision(ws: Workspace, input: RecordDecisionInput): Promise<Decision> {
  const file = path.relative(ws.configDir, ws.resolve(input.file)).split(path.sep).join('/');
  const diff =
    input.diff ??
    (input.decision === 'edited' && input.before ? caseDiff(input.before, input.testCase, `${file}#${input.testCase.id}`) : undefined);
  const decision = ws.secrets.maskDeep(decisionOf({ ...input, diff }, file));
  await decisionStoreOf(ws).append(decision);
  return decision;
}

/**
 * The JSON-lines decision store: one `write` of one line per decision; when the file ends
 * without a newline (a torn line), the new line starts on a line of its own.
 */
export function createFileDecisionStore(target: string, shown = target): DecisionStore {
  return {
    where: shown,
    append: (decision) => appendJsonLine(target, decision),
    async read() {
      const text = await readLog(target);
      return text === undefined ? { decisions: [], warnings: [] } : parseDecisions(text, shown);
    },
  };
}

export interface DecisionLog {
  /** Where the decisions are kept: the decisions file (absolute), or the store's `where`. */
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

/** Every decision recorded in the workspace, oldest first (none when nothing was recorded). */
export async function listDecisions(ws: Pick<Workspace, 'configDir' | 'shown' | 'decisionStore'>): Promise<DecisionLog> {
  const store = decisionStoreOf(ws);
  return { file: ws.decisionStore ? store.where : decisionsFileOf(ws), ...(await store.read()) };
}
