// Cases as Xray Cloud tests, in the input of "Import Tests - Bulk"
// (POST /api/v2/import/test/bulk; https://docs.getxray.app/display/XRAYCLOUD/Import+Tests+-+Bulk):
// a JSON array, one object per test: `testtype`, Jira `fields` (as in Jira's create-issue
// API: summary, project, description, labels, priority), `update.issuelinks` for the
// story, and the definition: `steps` (action / data / result) for Manual tests,
// `gherkin_def` for Cucumber tests, `unstructured_def` for Generic tests;
// `xray_test_repository_folder` puts each suite in its own folder.
import type { Priority } from '../../model/common.js';
import { caseLabels, conversationText, preconditionText, runCommandFor, storyKeyOf, type ExportSuite } from './export-input.js';
import { isWrittenInGherkin, renderSteps, scenarioSteps } from './gherkin-export.js';

export interface XrayBulkTest {
  testtype: 'Manual' | 'Cucumber' | 'Generic';
  fields: {
    summary: string;
    project?: { key: string };
    description?: string;
    labels: string[];
    priority?: { name: string };
  };
  update?: { issuelinks: Array<{ add: { type: { name: string }; outwardIssue: { key: string } } }> };
  steps?: Array<{ action: string; data?: string; result: string }>;
  gherkin_def?: string;
  unstructured_def?: string;
  xray_test_repository_folder?: string;
}

export interface XrayTestsOptions {
  /** The Jira project of the tests; without it, the `project` parameter of the import call decides. */
  projectKey?: string | undefined;
  /** The Jira priority name for each case priority (the config's `jira.priorities`); unset: Jira's default. */
  priorities?: Partial<Record<Priority, string>> | undefined;
}

/** The issue link type Xray counts as test coverage of a requirement (the name in Xray's own example). */
export const XRAY_COVERAGE_LINK = 'Tests';

/** A Test Repository folder per suite; `/` would nest folders, so it is replaced. */
const folderOf = (suiteName: string) => `/${suiteName.replaceAll('/', '-').trim()}`;

/**
 * Every case of the suites as one Xray test: manual cases as Manual tests (or Cucumber
 * tests when every action is written in Gherkin), conversation cases as Generic tests
 * whose definition is the command that runs them (they run in Casewright, not by a person).
 */
export function toXrayTests(inputs: readonly ExportSuite[], options: XrayTestsOptions = {}): XrayBulkTest[] {
  const tests: XrayBulkTest[] = [];
  for (const input of inputs) {
    const { suite } = input;
    suite.cases.forEach((testCase, index) => {
      const priority = options.priorities?.[testCase.priority];
      const story = storyKeyOf(suite, testCase);
      const base = {
        fields: {
          summary: testCase.title.trim(),
          ...(options.projectKey ? { project: { key: options.projectKey } } : {}),
          labels: caseLabels(suite, testCase),
          ...(priority ? { priority: { name: priority } } : {}),
        },
        ...(story ? { update: { issuelinks: [{ add: { type: { name: XRAY_COVERAGE_LINK }, outwardIssue: { key: story } } }] } } : {}),
        xray_test_repository_folder: folderOf(suite.suite),
      };
      if (testCase.kind === 'conversation') {
        tests.push({
          testtype: 'Generic',
          ...base,
          fields: { ...base.fields, description: conversationText(testCase) },
          unstructured_def: runCommandFor(testCase.id),
        });
        return;
      }
      const preconditions = preconditionText(testCase.preconditions);
      const description = [testCase.description, preconditions && `Preconditions:\n${preconditions}`].filter(Boolean).join('\n\n');
      const fields = { ...base.fields, ...(description ? { description } : {}) };
      if (isWrittenInGherkin(testCase)) {
        tests.push({
          testtype: 'Cucumber',
          ...base,
          fields,
          gherkin_def: renderSteps(scenarioSteps(input, index, testCase), '').join('\n'),
        });
        return;
      }
      tests.push({
        testtype: 'Manual',
        ...base,
        fields,
        steps: testCase.steps.map((step) => ({
          action: step.action,
          ...(step.data !== undefined ? { data: step.data } : {}),
          result: step.expected,
        })),
      });
    });
  }
  return tests;
}
