// A Casewright run as Xray Cloud execution results, in the "Xray JSON format"
// (POST /api/v2/import/execution;
// https://docs.getxray.app/display/XRAYCLOUD/Using+Xray+JSON+format+to+import+execution+results):
// `testExecutionKey` or an `info` object for a new Test Execution, and `tests[]`, one Test
// Run each: `testKey` (an existing Test) or `testInfo` (find or create the Test), `start`,
// `finish`, `status`, `comment`, `steps[]` (manual step results) and `evidence[]`
// (attachments as Base64).
import { UsageError } from '../../errors/usage-error.js';
import type { TestCase } from '../../model/case.js';
import type { CaseResult, RunResult, StepStatus } from '../../model/result.js';
import { caseLabels, runCommandFor, storyKeyOf, type ExportSuite } from './export-input.js';
import { isWrittenInGherkin, renderSteps, scenarioSteps } from './gherkin-export.js';

/** Xray Cloud's built-in Test Run and step statuses. */
export type XrayStatus = 'PASSED' | 'FAILED' | 'TODO' | 'EXECUTING';

export interface XrayTestInfo {
  projectKey: string;
  summary: string;
  type: 'Manual' | 'Cucumber' | 'Generic';
  labels?: string[];
  requirementKeys?: string[];
  steps?: Array<{ action: string; data?: string; result: string }>;
  scenario?: string;
  definition?: string;
}

export interface XrayEvidence {
  data: string;
  filename: string;
  contentType: string;
}

export interface XrayTestRun {
  testKey?: string;
  testInfo?: XrayTestInfo;
  start: string;
  finish: string;
  comment?: string;
  status: XrayStatus;
  steps?: Array<{ status: XrayStatus; comment?: string; actualResult?: string }>;
  evidence?: XrayEvidence[];
}

export interface XrayResults {
  testExecutionKey?: string;
  info?: {
    project?: string;
    summary: string;
    description?: string;
    startDate: string;
    finishDate: string;
    testPlanKey?: string;
    testEnvironments?: string[];
  };
  tests: XrayTestRun[];
}

export interface XrayResultsOptions {
  /** The results file as the user names it, for messages. */
  file: string;
  /** The Jira project of Tests created from `testInfo` and of a new Test Execution. */
  projectKey: string;
  /** Import into this Test Execution instead of creating one. */
  testExecutionKey?: string | undefined;
  /** Link the new Test Execution to this Test Plan. */
  testPlanKey?: string | undefined;
  /** The case files of the run: each case's Jira key (`testKey`), steps and story. */
  cases?: readonly ExportSuite[] | undefined;
  /** Use a case's `jira.key` as its `testKey` (the Jira issue is an Xray Test); default true. */
  useJiraKeys?: boolean | undefined;
}

const STEP_STATUS: Record<StepStatus, XrayStatus> = { PASS: 'PASSED', FAIL: 'FAILED', BLOCKED: 'TODO' };

function runStatus(result: CaseResult): XrayStatus {
  if (result.outcome === 'passed') return 'PASSED';
  if (result.outcome === 'failed' || result.outcome === 'errored') return 'FAILED';
  // A manual case carries its step results when a person ran it (VS Code's stepper).
  if (result.steps?.some((s) => s.status === 'FAIL')) return 'FAILED';
  if (result.steps?.length && result.steps.every((s) => s.status === 'PASS')) return 'PASSED';
  return 'TODO';
}

/** What a person reads on the Test Run: the outcome and why, the checks that did not pass, repeats. */
function commentOf(result: CaseResult): string {
  const lines: string[] = [];
  if (result.outcome === 'skipped') lines.push(`Skipped in Casewright: ${result.skipReason ?? 'not run'}`);
  else lines.push(`Casewright: ${result.outcome}${result.target ? ` against ${result.target}` : ''} (score ${result.score.toFixed(2)})`);
  if (result.error) lines.push(`Error ${result.error.code}: ${result.error.message}`);
  for (const assertion of result.assertions) {
    if (assertion.skipped) lines.push(`- not run: ${assertion.metric ?? assertion.type}: ${assertion.reason}`);
    else if (!assertion.pass) lines.push(`- failed: ${assertion.metric ?? assertion.type}: ${assertion.reason}`);
  }
  if (result.successRate !== undefined && result.attempts) {
    lines.push(`${result.attempts.length} attempts, success rate ${result.successRate.toFixed(2)}${result.flaky ? ' (flaky)' : ''}`);
  }
  return lines.join('\n');
}

/** The conversation as it ran: what was sent, what the target answered per turn, every check. */
function transcriptOf(result: CaseResult): string {
  const lines = [`${result.title}`, `case ${result.caseId}${result.file ? ` in ${result.file}` : ''}`, ''];
  for (const message of result.input ?? []) lines.push(`${message.role}: ${message.content}`);
  for (const turn of result.turns ?? []) lines.push(`assistant (turn ${turn.turn}): ${turn.output}`);
  if (!result.turns?.length && result.output !== undefined) lines.push(`assistant: ${result.output}`);
  if (result.expected !== undefined) lines.push('', `expected: ${result.expected}`);
  if (result.assertions.length > 0) lines.push('', 'checks:');
  for (const a of result.assertions)
    lines.push(`- ${a.skipped ? 'not run' : a.pass ? 'passed' : 'failed'} ${a.metric ?? a.type}: ${a.reason}`);
  return `${lines.join('\n')}\n`;
}

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function finishOf(result: CaseResult, file: string): { start: string; finish: string } {
  const start = new Date(result.startedAt);
  if (Number.isNaN(start.getTime())) throw new UsageError(`${file}: case ${result.caseId} has an invalid startedAt '${result.startedAt}'`);
  return { start: start.toISOString(), finish: new Date(start.getTime() + result.durationMs).toISOString() };
}

interface KnownCase {
  input: ExportSuite;
  index: number;
  testCase: TestCase;
}

function testInfoOf(result: CaseResult, known: KnownCase | undefined, projectKey: string): XrayTestInfo {
  if (!known) {
    return {
      projectKey,
      summary: result.title,
      type: result.kind === 'manual' ? 'Manual' : 'Generic',
      labels: [`id:${result.caseId}`],
      ...(result.kind === 'conversation' ? { definition: runCommandFor(result.caseId) } : {}),
    };
  }
  const { input, index, testCase } = known;
  const story = storyKeyOf(input.suite, testCase);
  const common = {
    projectKey,
    summary: testCase.title.trim(),
    labels: caseLabels(input.suite, testCase),
    ...(story ? { requirementKeys: [story] } : {}),
  };
  if (testCase.kind === 'conversation') return { ...common, type: 'Generic', definition: runCommandFor(testCase.id) };
  if (isWrittenInGherkin(testCase)) {
    return { ...common, type: 'Cucumber', scenario: renderSteps(scenarioSteps(input, index, testCase), '').join('\n') };
  }
  return {
    ...common,
    type: 'Manual',
    steps: testCase.steps.map((s) => ({ action: s.action, ...(s.data !== undefined ? { data: s.data } : {}), result: s.expected })),
  };
}

/** One Test Run per case of the run; Tests are found by `testKey` (a synced case) or by `testInfo`. */
export function toXrayResults(run: RunResult, options: XrayResultsOptions): XrayResults {
  if (run.cases.length === 0) throw new UsageError(`${options.file}: the run has no cases; Xray needs at least one test result`);
  const known = new Map<string, KnownCase>();
  for (const input of options.cases ?? [])
    input.suite.cases.forEach((testCase, index) => known.set(testCase.id, { input, index, testCase }));
  const tests = run.cases.map((result): XrayTestRun => {
    const found = known.get(result.caseId);
    const testKey = options.useJiraKeys !== false ? found?.testCase.jira?.key : undefined;
    const stepCount = found?.testCase.kind === 'manual' ? found.testCase.steps.length : (result.steps?.length ?? 0);
    const stepResults = result.steps?.length
      ? Array.from({ length: Math.max(stepCount, ...result.steps.map((s) => s.index)) }, (_, i) => {
          const step = result.steps!.find((s) => s.index === i + 1);
          if (!step) return { status: 'TODO' as const };
          return {
            status: STEP_STATUS[step.status],
            ...(step.status === 'BLOCKED' ? { comment: 'Blocked' } : {}),
            ...(step.actual ? { actualResult: step.actual } : {}),
          };
        })
      : undefined;
    const ran = result.kind === 'conversation' && result.outcome !== 'skipped';
    return {
      ...(testKey ? { testKey } : { testInfo: testInfoOf(result, found, options.projectKey) }),
      ...finishOf(result, options.file),
      status: runStatus(result),
      comment: commentOf(result),
      ...(stepResults ? { steps: stepResults } : {}),
      ...(ran
        ? { evidence: [{ data: base64(transcriptOf(result)), filename: `transcript-${result.caseId}.txt`, contentType: 'text/plain' }] }
        : {}),
    };
  });
  if (Number.isNaN(Date.parse(run.startedAt)) || Number.isNaN(Date.parse(run.finishedAt))) {
    throw new UsageError(`${options.file}: startedAt / finishedAt are not dates`);
  }
  const target = run.target ?? [...new Set(run.cases.map((c) => c.target).filter((t): t is string => !!t))].join(', ');
  const info = {
    project: options.projectKey,
    summary: `Casewright run ${run.startedAt}${target ? ` against ${target}` : ''}`,
    description: [
      `Run ${run.runId}: ${run.summary.passed} passed, ${run.summary.failed} failed, ${run.summary.errored} errored, ${run.summary.skipped} skipped.`,
      run.interrupted ? 'The run was interrupted (Ctrl-C) before it finished.' : undefined,
    ]
      .filter(Boolean)
      .join('\n'),
    startDate: new Date(run.startedAt).toISOString(),
    finishDate: new Date(run.finishedAt).toISOString(),
    ...(options.testPlanKey ? { testPlanKey: options.testPlanKey } : {}),
    ...(run.target ? { testEnvironments: [run.target] } : {}),
  };
  return options.testExecutionKey ? { testExecutionKey: options.testExecutionKey, info, tests } : { info, tests };
}
