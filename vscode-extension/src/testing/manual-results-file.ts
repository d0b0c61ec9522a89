import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { CaseResult } from '@casewright/core';

/** Where a workspace folder keeps its manual executions, one JSON line per execution (beside the CLI's `last-run.json`). */
export function manualResultsFile(folder: string): string {
  return path.join(folder, '.casewright', 'manual-results.jsonl');
}

/** Records a manual execution: results outlive the editor session and the stepper. */
export async function appendManualResult(folder: string, result: CaseResult): Promise<void> {
  const file = manualResultsFile(folder);
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(result)}\n`);
}

/** The latest manual execution of each case (a line that is not a result is skipped). */
export async function latestManualResults(folder: string): Promise<CaseResult[]> {
  let text: string;
  try {
    text = await readFile(manualResultsFile(folder), 'utf8');
  } catch {
    return [];
  }
  const latest = new Map<string, CaseResult>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const result = JSON.parse(line) as CaseResult;
      if (typeof result.caseId === 'string' && typeof result.outcome === 'string') latest.set(result.caseId.toLowerCase(), result);
    } catch {
      // a line cut by a crash: the others still count
    }
  }
  return [...latest.values()];
}
