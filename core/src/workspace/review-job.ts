/**
 * Reviewing generated cases: the drafts waiting for a person, and what a person decides
 * about one. Every front end (the CLI's `casewright review`, VS Code, the Jira panel) calls
 * `decideCase`, so accepting, editing and rejecting mean the same everywhere:
 * - accepted: `status: ready`;
 * - edited: the edited case is written (same id, `version` + 1) with `status: ready`, and the
 *   decision keeps the diff;
 * - rejected: `status: deprecated` — kept, not deleted, so the offline generator (which finds
 *   its cases by id) does not propose it again and coverage no longer counts it.
 * The case file is written through core's one atomic writer, only when it still holds what
 * was read (an edit saved meanwhile is never overwritten); then the decision is appended to
 * `.casewright/decisions.jsonl`.
 */
import { parseDocument } from 'yaml';
import { UsageError } from '../errors/usage-error.js';
import { CaseFileEditor } from '../model/case-file-editor.js';
import { TestCaseSchema, type TestCase, type TestCaseInput } from '../model/case.js';
import type { Decision, DecisionKind, RejectReason } from '../model/decision.js';
import { findCaseFiles, loadCaseFile } from '../model/load.js';
import { readCaseFileText, writeCaseFile } from './case-file-io.js';
import { caseDiff, caseToYaml, recordDecision } from './decisions-job.js';
import type { Workspace } from './workspace.js';

export interface DraftCase {
  /** The case file (absolute) and as messages show it. */
  file: string;
  shown: string;
  suite: string;
  testCase: TestCase;
}

export interface FindDraftsResult {
  drafts: DraftCase[];
  /** Files that could not be read as case files (`file:line:col message`): skipped. */
  invalid: string[];
}

/** The cases with `status: draft` in the given files and folders (default: the workspace folder), in file order. */
export async function findDraftCases(ws: Workspace, paths: readonly string[] = ['.']): Promise<FindDraftsResult> {
  const files = await findCaseFiles(paths.length > 0 ? paths : ['.'], ws.cwd);
  const drafts: DraftCase[] = [];
  const invalid: string[] = [];
  for (const file of files) {
    const shown = ws.shown(file);
    const parsed = await loadCaseFile(file, shown);
    if (!parsed.suite) {
      invalid.push(
        ...parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.start.line}:${d.start.col} ${d.message}`),
      );
      continue;
    }
    for (const testCase of parsed.suite.cases)
      if (testCase.status === 'draft') drafts.push({ file, shown, suite: parsed.suite.suite, testCase });
  }
  return { drafts, invalid };
}

export { caseToYaml };

/** Reads a case a reviewer edited as YAML; a `UsageError` that says what is wrong and where (the id cannot change). */
export function caseFromYaml(text: string, original: TestCaseInput, shown = 'the edited case'): TestCase {
  const document = parseDocument(text);
  const syntax = document.errors[0];
  if (syntax) {
    const at = syntax.linePos?.[0];
    throw new UsageError(`${shown}${at ? `:${at.line}:${at.col}` : ''}: ${syntax.message.split('\n')[0]}`);
  }
  const parsed = TestCaseSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${shown}: ${issue?.path.join('.') || 'the case'}: ${issue?.message ?? 'invalid'}`);
  }
  if (parsed.data.id.toLowerCase() !== original.id.toLowerCase())
    throw new UsageError(`${shown}: the id cannot change (was ${original.id})`);
  return parsed.data;
}

/**
 * The edited case in the shape of the case as written: its keys in their order, new keys
 * after them, and defaults the file left out (`preconditions: []`) left out again — so the
 * file and the recorded diff show only what the reviewer changed.
 */
function asWritten(before: TestCaseInput, edited: TestCaseInput): TestCaseInput {
  const defaults = TestCaseSchema.safeParse(before);
  const implied = (defaults.success ? defaults.data : {}) as Record<string, unknown>;
  const raw = before as Record<string, unknown>;
  const next = edited as Record<string, unknown>;
  const keep = (key: string) => next[key] !== undefined && (key in raw || JSON.stringify(next[key]) !== JSON.stringify(implied[key]));
  const keys = [...Object.keys(raw), ...Object.keys(next).filter((k) => !(k in raw))].filter(keep);
  return Object.fromEntries(keys.map((k) => [k, next[k]])) as TestCaseInput;
}

export interface DecideCaseInput {
  /** The case file (absolute or relative to the workspace folder). */
  file: string;
  caseId: string;
  decision: DecisionKind;
  /** `edited`: the case after the edit (same id). */
  edited?: TestCaseInput | undefined;
  /**
   * `edited`, when the edit is already in the file (an editor saved it): the case as it was
   * before the edit, what the diff and the new `version` are counted from. Default: the case
   * in the file.
   */
  before?: TestCaseInput | undefined;
  reason?: RejectReason | undefined;
  note?: string | undefined;
  by?: string | undefined;
}

export interface DecideCaseResult {
  decision: Decision;
  /** The case as written. */
  testCase: TestCaseInput;
}

/**
 * The case as a review decision leaves it: accepted → `status: ready`, rejected →
 * `status: deprecated` (what `casewright review`, VS Code and the Jira panel all write); edited →
 * `ready`, unless the edit itself set the status to `deprecated` (an editor with a status field,
 * like the Jira panel's, where the reviewer chose it).
 */
export function asDecided<T extends { status?: TestCaseInput['status'] }>(
  testCase: T,
  decision: DecisionKind,
): T & { status: 'ready' | 'deprecated' } {
  const status = decision === 'rejected' || (decision === 'edited' && testCase.status === 'deprecated') ? 'deprecated' : 'ready';
  return { ...testCase, status };
}

/**
 * Applies a reviewer's decision to a case in its file (see the module comment) and records
 * it. Nothing is recorded when the file cannot be written (it changed meanwhile, or the case
 * is gone).
 */
export async function decideCase(ws: Workspace, input: DecideCaseInput): Promise<DecideCaseResult> {
  const file = ws.resolve(input.file);
  const shown = ws.shown(file);
  const text = await readCaseFileText(file, shown);
  if (text === undefined) throw new UsageError(`${shown}: no such file`);
  const editor = CaseFileEditor.parse(text, shown);
  const index = editor.indexOf(input.caseId);
  const before = editor.rawCases[index];
  if (index < 0 || !before) throw new UsageError(`${shown}: no case with id ${input.caseId}`);
  let after: TestCaseInput;
  let diff: string | undefined;
  if (input.decision === 'edited') {
    if (!input.edited) throw new UsageError('an edit needs the edited case');
    if (input.edited.id.toLowerCase() !== before.id.toLowerCase()) throw new UsageError(`the id cannot change (was ${before.id})`);
    // An edit already saved in the file (the editor's own save) is diffed against the case as it was before it.
    const original = input.before ?? before;
    after = asWritten(before, { ...input.edited, status: 'ready', version: (original.version ?? 1) + 1 });
    diff = caseDiff(original, after, `${shown}#${before.id}`);
    editor.upsertCase(after);
  } else {
    after = asDecided(before, input.decision);
    editor.setField(before.id, ['status'], after.status);
  }
  editor.toSuite(); // the edited file must still be valid before anything is written
  await writeCaseFile(file, editor.toString(), { previous: text, shown });
  const decision = await recordDecision(ws, {
    decision: input.decision,
    testCase: after,
    file,
    diff,
    reason: input.reason,
    note: input.note,
    by: input.by,
  });
  return { decision, testCase: after };
}
