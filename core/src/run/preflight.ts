// What a run can tell before it starts: cases whose requirements no judge can
// check (no judge model, no provider, no key). Those checks would be skipped one
// by one; saying so once per file, up front, keeps a run from looking greener
// than it is.
import { parseAssertionType, type Assertion, type AssertionParams } from '../model/assertion.js';
import type { TestCase } from '../model/case.js';
import type { Suite } from '../model/suite.js';
import type { ModelRouter } from '../llm/model-router.js';
import { caseAssertions } from './attempt.js';
import { judgeUnavailable, resolveJudgeModel } from './assertions/judge.js';

export interface PreflightCase {
  file: string;
  suite: Suite;
  testCase: TestCase;
}

export interface PreflightOptions {
  router?: ModelRouter | undefined;
  /** The config's default judge model. */
  judge?: string | undefined;
}

/** Why the first judge check of `assertions` cannot run, or undefined when every one can. */
function judgeProblem(assertions: readonly Assertion[], fallback: string | undefined, router: ModelRouter | undefined): string | undefined {
  for (const a of assertions) {
    let problem: string | undefined;
    const base = a.type === 'assert-set' ? undefined : parseAssertionType(a.type)?.base;
    if (a.type === 'assert-set') problem = judgeProblem(a.assert, fallback, router);
    else if (base === 'llm-judge')
      problem = judgeUnavailable(router, [resolveJudgeModel(router, (a as AssertionParams<'llm-judge'>).judge, fallback)]);
    else if (base === 'judge-ensemble') problem = judgeUnavailable(router, (a as AssertionParams<'judge-ensemble'>).judges);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * One warning per case file whose conversation cases have requirements (or judge
 * checks) that no judge can check in this run, e.g. `support.cases.yaml: 4 cases
 * have requirements, but no judge model configured (…): those checks are skipped`.
 */
export function judgeWarnings(cases: Iterable<PreflightCase>, options: PreflightOptions): string[] {
  const byFile = new Map<string, { count: number; reason: string }>();
  for (const { file, suite, testCase } of cases) {
    if (testCase.kind !== 'conversation' || testCase.status === 'deprecated') continue;
    const fallback = testCase.judge ?? suite.defaults?.judge ?? options.judge;
    const problem = judgeProblem(caseAssertions(suite, testCase), fallback, options.router);
    if (!problem) continue;
    const seen = byFile.get(file);
    if (seen) seen.count++;
    else byFile.set(file, { count: 1, reason: problem });
  }
  return [...byFile.entries()].map(
    ([file, { count, reason }]) =>
      `${file}: ${count} case${count === 1 ? ' has' : 's have'} requirements or judge checks, but ${reason}: those checks are skipped, so ${count === 1 ? 'it is' : 'they are'} not fully tested`,
  );
}
