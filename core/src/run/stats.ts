// `--update-stats`: writes run history (runCount, successRate, lastOutcome,
// lastRunAt) into the case files through CaseFileEditor, so only the `stats:`
// lines change and comments and formatting stay as the user wrote them. The file
// is written atomically and only if it still holds what was read: an edit saved
// during the run is re-read and the stats merged into it, never overwritten.
import path from 'node:path';
import { updateFileAtomic } from '../model/atomic-write.js';
import { CaseFileEditor } from '../model/case-file-editor.js';
import type { CaseStats } from '../model/case.js';
import type { CaseResult, RunResult } from '../model/result.js';

const round = (n: number) => Math.round(n * 1000) / 1000;

/** New stats for a case after this run: attempts that ran add to the history. */
export function nextStats(previous: CaseStats | undefined, result: CaseResult, at: string): CaseStats | undefined {
  const attempts = result.attempts ?? [{ outcome: result.outcome }];
  const ran = attempts.filter((a) => a.outcome !== 'skipped');
  if (ran.length === 0) return undefined;
  const passed = ran.filter((a) => a.outcome === 'passed').length;
  const before = previous?.runCount ?? 0;
  const runCount = before + ran.length;
  const successRate = round(((previous?.successRate ?? 0) * before + passed) / runCount);
  return { runCount, successRate, lastOutcome: result.outcome, lastRunAt: at.replace(/\.\d+Z$/, 'Z') };
}

/** Updates the case files of `result` (paths resolved from `cwd`); returns the files changed. */
export async function updateCaseStats(result: RunResult, cwd: string): Promise<string[]> {
  const byFile = new Map<string, CaseResult[]>();
  for (const c of result.cases) if (c.file) byFile.set(c.file, [...(byFile.get(c.file) ?? []), c]);
  const changed: string[] = [];
  for (const [file, cases] of byFile) {
    const written = await updateFileAtomic(
      path.resolve(cwd, file),
      (text) => {
        if (text === undefined) return undefined; // deleted meanwhile: nothing to update
        const editor = CaseFileEditor.parse(text, file);
        const suite = editor.toSuite();
        let touched = false;
        for (const c of cases) {
          const current = suite.cases.find((x) => x.id.toLowerCase() === c.caseId.toLowerCase());
          if (!current) continue;
          const stats = nextStats(current.stats, c, result.finishedAt);
          if (!stats) continue;
          editor.setField(c.caseId, ['stats'], stats);
          touched = true;
        }
        return touched ? editor.toString() : undefined;
      },
      { shown: file },
    );
    if (written) changed.push(file);
  }
  return changed;
}
