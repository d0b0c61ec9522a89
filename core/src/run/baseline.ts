import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors/usage-error.js';
import { RunResultSchema, type BaselineComparison, type CaseResult, type RunResult } from '../model/result.js';

/** Reads a result file written by the JSON reporter (`results.json`, or `.casewright/last-run.json`). */
export async function loadRunResult(file: string, shownAs: string = file): Promise<RunResult> {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`${shownAs}: no such result file (write one with --reporter json)`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${shownAs}: not JSON: ${(error as Error).message}`);
  }
  const parsed = RunResultSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(
      `${shownAs}: not a Casewright result file: ${issue ? `${issue.path.join('.') || '(root)'} ${issue.message}` : 'invalid'}`,
    );
  }
  return parsed.data;
}

const bad = (c: CaseResult) => c.outcome === 'failed' || c.outcome === 'errored';

/** Regressions (passed before, failed or errored now), fixes, new cases and cases missing from this run. */
export function compareWithBaseline(current: readonly CaseResult[], baseline: RunResult, file: string): BaselineComparison {
  const before = new Map(baseline.cases.map((c) => [c.caseId.toLowerCase(), c]));
  const now = new Set(current.map((c) => c.caseId.toLowerCase()));
  const comparison: BaselineComparison = { file, regressions: [], fixes: [], new: [], missing: [] };
  for (const c of current) {
    const old = before.get(c.caseId.toLowerCase());
    if (!old) comparison.new.push(c.caseId);
    else if (old.outcome === 'passed' && bad(c)) comparison.regressions.push(c.caseId);
    else if (bad(old) && c.outcome === 'passed') comparison.fixes.push(c.caseId);
  }
  for (const old of baseline.cases) if (!now.has(old.caseId.toLowerCase())) comparison.missing.push(old.caseId);
  return comparison;
}

/** Case ids that failed or errored in a result file (`--rerun-failed`). */
export function failedCaseIds(result: RunResult): Set<string> {
  return new Set(result.cases.filter(bad).map((c) => c.caseId.toLowerCase()));
}
