import type { CaseResult, ManualCase, StepResult } from '@casewright/core';
import { StepStatusSchema } from '@casewright/core';

export interface SubmittedStep {
  index: number;
  status?: string | undefined;
  actual?: string | undefined;
}

/**
 * Turns the stepper's answers into a run-model `CaseResult`: every step must have a
 * status; any FAIL fails the case, any BLOCKED (without FAIL) skips it as blocked.
 */
export function manualCaseResult(
  testCase: ManualCase,
  submitted: SubmittedStep[],
  file: string,
  startedAt: Date,
  now = new Date(),
): CaseResult {
  const missing = testCase.steps.map((_, i) => i + 1).filter((i) => !submitted.some((s) => s.index === i && s.status));
  if (missing.length > 0) throw new Error(`step ${missing.join(', ')} has no result yet: choose PASS, FAIL or BLOCKED`);
  const steps: StepResult[] = submitted
    .filter((s) => s.index >= 1 && s.index <= testCase.steps.length)
    .map((s) => ({ index: s.index, status: StepStatusSchema.parse(s.status), ...(s.actual?.trim() ? { actual: s.actual.trim() } : {}) }));
  const failed = steps.some((s) => s.status === 'FAIL');
  const blocked = steps.some((s) => s.status === 'BLOCKED');
  const passed = steps.filter((s) => s.status === 'PASS').length;
  return {
    caseId: testCase.id,
    title: testCase.title,
    kind: 'manual',
    file,
    outcome: failed ? 'failed' : blocked ? 'skipped' : 'passed',
    ...(blocked && !failed
      ? {
          skipReason:
            'blocked: ' +
            steps
              .filter((s) => s.status === 'BLOCKED')
              .map((s) => `step ${s.index}`)
              .join(', '),
        }
      : {}),
    score: steps.length ? passed / steps.length : 0,
    assertions: [],
    steps,
    durationMs: Math.max(0, now.getTime() - startedAt.getTime()),
    startedAt: startedAt.toISOString(),
  };
}
