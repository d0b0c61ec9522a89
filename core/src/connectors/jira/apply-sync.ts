/**
 * Writes the outcome of a sync into the text of a case file: only the top-level
 * fields of a case that the sync changed, keeping the rest of the YAML (comments,
 * order, quoting) as the user wrote it. A case the user edited since the sync read
 * the file is left alone and reported, never overwritten.
 */
import { CaseFileEditor } from '../../model/case-file-editor.js';
import type { TestCase } from '../../model/case.js';
import { stableJson } from '../../util/stable-json.js';

/** Statuses whose `case` is not written to the file (nothing to take, or it waits for a person). */
export const SYNC_NEEDS_ATTENTION: ReadonlySet<string> = new Set(['conflict', 'jira-changed', 'local-changed', 'review', 'error']);

function applyCase(editor: CaseFileEditor, before: TestCase | undefined, after: TestCase): boolean {
  if (!before) {
    editor.upsertCase(after);
    return true;
  }
  let changed = false;
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    const a = (before as Record<string, unknown>)[key];
    const b = (after as Record<string, unknown>)[key];
    if (stableJson(a) === stableJson(b)) continue;
    editor.setField(after.id, [key], b);
    changed = true;
  }
  return changed;
}

export interface ApplySyncResult {
  /** The new text; undefined when nothing changed. */
  text: string | undefined;
  /** Ids of cases that changed in the file since the sync read them: not written. */
  changedMeanwhile: string[];
}

/**
 * Applies sync items to `text` (the file as it is now). `judged` are the cases the
 * sync compared with Jira (as they were read then); an item is applied only when
 * its case still reads the same, so an edit saved during the sync is kept.
 */
export function applySyncItems(
  text: string,
  shown: string,
  judged: readonly TestCase[],
  items: ReadonlyArray<{ caseId: string; status: string; case: TestCase }>,
): ApplySyncResult {
  const editor = CaseFileEditor.parse(text, shown);
  const now = new Map(editor.toSuite().cases.map((c) => [c.id.toLowerCase(), c]));
  const then = new Map(judged.map((c) => [c.id.toLowerCase(), c]));
  const changedMeanwhile: string[] = [];
  let dirty = false;
  for (const item of items) {
    if (SYNC_NEEDS_ATTENTION.has(item.status)) continue;
    const id = item.caseId.toLowerCase();
    const before = then.get(id);
    const current = now.get(id);
    if (stableJson(before) !== stableJson(current)) {
      changedMeanwhile.push(item.caseId);
      continue;
    }
    dirty = applyCase(editor, current, item.case) || dirty;
  }
  if (!dirty) return { text: undefined, changedMeanwhile };
  editor.toSuite(); // never write a file the edits made invalid
  return { text: editor.toString(), changedMeanwhile };
}
