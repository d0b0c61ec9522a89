import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  CASE_FILE_SUFFIX,
  CaseFileEditor,
  formatCoverageTable,
  generateCases,
  mergeIntoCaseFile,
  type CaseKind,
  type GenerateResult,
  type GenerationRouter,
  type Story,
  type TestCaseInput,
} from '@casewright/core';

export interface GenerateIntoFileOptions {
  story: Story;
  /** Absolute path of the case file to create or merge into. */
  outFile: string;
  /** How the file is named in messages (workspace-relative). */
  shownOut: string;
  router?: GenerationRouter | undefined;
  model?: string | undefined;
  kinds?: readonly CaseKind[] | undefined;
  signal?: AbortSignal | undefined;
}

export interface GenerateIntoFileResult {
  result: GenerateResult;
  written: boolean;
  /** One line for a notification: what was added and the coverage. */
  summary: string;
  /** The coverage table, for the log. */
  coverageTable: string;
}

/** `stories/refunds.md` → `stories/refunds.cases.yaml` (as `casewright generate --story` does). */
export function defaultCaseFileFor(storyFile: string): string {
  const base = path.basename(storyFile).replace(/\.(md|markdown|txt|json)$/i, '');
  return path.join(path.dirname(storyFile), `${base}${CASE_FILE_SUFFIX}`);
}

/**
 * Generates cases for a story with core's generator and merges them into the case file:
 * existing cases and a person's edits are kept, near-duplicates skipped. An invalid target
 * file stops before any model call. Free of `vscode`, so it is tested without the editor.
 */
export async function generateIntoFile(options: GenerateIntoFileOptions): Promise<GenerateIntoFileResult> {
  const existingText = await readFile(options.outFile, 'utf8').catch(() => undefined);
  const existing: TestCaseInput[] = existingText === undefined ? [] : CaseFileEditor.parse(existingText, options.shownOut).toSuite().cases;
  const result = await generateCases({
    story: options.story,
    existing,
    kinds: options.kinds,
    router: options.router,
    model: options.model || undefined,
    signal: options.signal,
  });
  let written = false;
  if (result.cases.length > 0) {
    const merged = mergeIntoCaseFile(existingText, options.shownOut, options.story, result.cases);
    // Write beside, then rename: an editor watching the file never sees half of it.
    const temp = `${options.outFile}.${process.pid}.tmp`;
    await writeFile(temp, merged);
    await rename(temp, options.outFile);
    written = true;
  }
  const { coverage } = result;
  const via = result.call ? `${result.call.model}, $${result.call.cost.toFixed(4)}` : 'offline rules';
  const summary =
    `added ${result.cases.length} case${result.cases.length === 1 ? '' : 's'} to ${options.shownOut} (${via}); ` +
    `coverage ${coverage.covered}/${coverage.total} criteria${coverage.uncovered.length ? ` — uncovered: ${coverage.uncovered.join(', ')}` : ''}` +
    (result.edited.length ? `; kept your edits in ${result.edited.length}` : '');
  return { result, written, summary, coverageTable: formatCoverageTable(coverage) };
}
