// Cases as Zephyr Scale Cloud test cases, as the bodies of its REST API v2
// (https://support.smartbear.com/zephyr-scale-cloud/api-docs/): per case, the body of
// `POST /testcases` (projectKey, name, objective, precondition, priorityName, statusName,
// labels) and either the body of `POST /testcases/{key}/teststeps` (mode, items[].inline:
// description, testData, expectedResult) or of `POST /testcases/{key}/testscript`
// (type plain | bdd, text). Zephyr Scale has no bulk JSON import for test cases (its
// bulk path is a CSV/Excel mapping wizard that loses step structure), so the export is
// one document with the calls to make, in order; docs/interop.md shows a loop that makes them.
import type { Priority, Status } from '../../model/common.js';
import { caseLabels, conversationText, preconditionText, storyKeyOf, type ExportSuite } from './export-input.js';
import { isWrittenInGherkin, renderSteps, scenarioSteps } from './gherkin-export.js';

export interface ZephyrTestCaseBody {
  projectKey: string;
  name: string;
  objective?: string;
  precondition?: string;
  priorityName: string;
  statusName: string;
  labels: string[];
}

export interface ZephyrStepsBody {
  mode: 'OVERWRITE' | 'APPEND';
  items: Array<{ inline: { description: string; testData?: string; expectedResult: string } }>;
}

export interface ZephyrScriptBody {
  type: 'plain' | 'bdd';
  text: string;
}

export interface ZephyrCaseExport {
  /** The Casewright case id (also the label `id:<uuid>`). */
  caseId: string;
  /** The case file it came from. */
  file: string;
  testCase: ZephyrTestCaseBody;
  testSteps?: ZephyrStepsBody;
  testScript?: ZephyrScriptBody;
  /**
   * Jira issues to link (`POST /testcases/{key}/links/issues` takes the issue's numeric id:
   * resolve each key with Jira's `GET /rest/api/3/issue/{key}` first).
   */
  issueLinks: string[];
}

export interface ZephyrExport {
  format: 'zephyr-scale-cloud-v2';
  projectKey: string;
  testCases: ZephyrCaseExport[];
}

/** Zephyr Scale's default priorities and statuses (a project may rename them). */
const PRIORITY: Record<Priority, string> = { high: 'High', medium: 'Normal', low: 'Low' };
const STATUS: Record<Status, string> = { draft: 'Draft', ready: 'Approved', deprecated: 'Deprecated' };

/** Zephyr Scale's rich-text fields read HTML: the text is escaped and its line breaks kept. */
export function zephyrHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replace(/\r?\n/g, '<br>');
}

/** Every case of the suites as the Zephyr Scale Cloud calls that create it. */
export function toZephyr(inputs: readonly ExportSuite[], projectKey: string): ZephyrExport {
  const testCases: ZephyrCaseExport[] = [];
  for (const input of inputs) {
    const { suite } = input;
    suite.cases.forEach((testCase, index) => {
      const story = storyKeyOf(suite, testCase);
      const body: ZephyrTestCaseBody = {
        projectKey,
        name: testCase.title.trim(),
        priorityName: PRIORITY[testCase.priority],
        statusName: STATUS[testCase.status],
        labels: caseLabels(suite, testCase),
      };
      const common = { caseId: testCase.id, file: input.file, issueLinks: story ? [story] : [] };
      if (testCase.kind === 'conversation') {
        testCases.push({
          ...common,
          testCase: body,
          testScript: { type: 'plain', text: zephyrHtml(conversationText(testCase)) },
        });
        return;
      }
      if (testCase.description) body.objective = zephyrHtml(testCase.description);
      const preconditions = preconditionText(testCase.preconditions);
      if (preconditions) body.precondition = zephyrHtml(preconditions);
      if (isWrittenInGherkin(testCase)) {
        // Zephyr's BDD script is Gherkin steps; the preconditions are already Given lines there.
        delete body.precondition;
        testCases.push({
          ...common,
          testCase: body,
          testScript: { type: 'bdd', text: renderSteps(scenarioSteps(input, index, testCase), '').join('\n') },
        });
        return;
      }
      testCases.push({
        ...common,
        testCase: body,
        testSteps: {
          mode: 'OVERWRITE',
          items: testCase.steps.map((step) => ({
            inline: {
              description: zephyrHtml(step.action),
              ...(step.data !== undefined ? { testData: zephyrHtml(step.data) } : {}),
              expectedResult: zephyrHtml(step.expected),
            },
          })),
        },
      });
    });
  }
  return { format: 'zephyr-scale-cloud-v2', projectKey, testCases };
}
