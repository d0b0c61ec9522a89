import { loadCore } from '../core-loader.js';
import type { FailureFix } from './result-messages.js';

/**
 * A case file's text with a failed assertion's fix applied, through core's comment-preserving
 * `CaseFileEditor` (only the changed value is rewritten; comments, order and quoting stay):
 * `accept` writes the actual answer as the assertion's `value`; `baseline` writes it as the
 * case's reference answer `expected.content` and marks it `baseline: true` (an answer the
 * target gave, not a vetted ideal). Throws when the case is gone or the result would not
 * be a valid case file.
 */
export async function applyCaseFix(text: string, file: string, caseId: string, fix: FailureFix, actual: string): Promise<string> {
  const { CaseFileEditor } = await loadCore();
  const editor = CaseFileEditor.parse(text, file);
  if (editor.indexOf(caseId) < 0) throw new Error(`${file} no longer has the case ${caseId}`);
  if (fix.kind === 'accept') {
    editor.setField(caseId, ['expected', 'assert', fix.assertion, 'value'], actual);
  } else {
    editor.setField(caseId, ['expected', 'content'], actual);
    editor.setField(caseId, ['expected', 'baseline'], true);
  }
  editor.toSuite(); // never write a file the edit made invalid
  return editor.toString();
}

/** The smallest line range that differs between two texts, for an editor edit that keeps the rest (and the cursor) in place. */
export function changedLines(before: string, after: string): { startLine: number; endLine: number; text: string } | undefined {
  if (before === after) return undefined;
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  // Lines [start, endA) of `before` become lines [start, endB) of `after`.
  return {
    startLine: start,
    endLine: endA,
    text: b
      .slice(start, endB)
      .map((l) => `${l}\n`)
      .join(''),
  };
}
