// What every export format reads: validated suites with a way to say where a case is
// written, and the few facts every format carries the same way (the case id, the story).
import { UsageError } from '../../errors/usage-error.js';
import type { TestCase } from '../../model/case.js';
import type { Suite } from '../../model/suite.js';

/** One validated case file, as the exporters read it. */
export interface ExportSuite {
  /** The file as the user names it (relative to the working directory), for messages and output names. */
  file: string;
  suite: Suite;
  /** The 1-based line and column where `cases[index]` (or one of its fields) is written. */
  locate(path: readonly (string | number)[]): { line: number; col: number };
}

const JIRA_KEY = /^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/;

/** The Jira story a case tests: the suite's `story` when it is an issue key, else a Jira source's story. */
export function storyKeyOf(suite: Suite, testCase: TestCase): string | undefined {
  if (suite.story && JIRA_KEY.test(suite.story)) return suite.story;
  const source = testCase.source;
  if (source.kind === 'jira') return source.story;
  if (source.kind === 'generated' && source.story && JIRA_KEY.test(source.story)) return source.story;
  return undefined;
}

/**
 * The label (Jira, Xray, Zephyr Scale) or tag (Gherkin, without the `@`) that carries
 * the case id, so a case can be found again in the other tool whatever its title becomes.
 */
export const idLabel = (caseId: string): string => `id:${caseId}`;

/**
 * The labels of an exported case: its tags and the suite's default tags, then its id.
 * Jira labels cannot hold spaces, and Casewright tags never do.
 */
export function caseLabels(suite: Suite, testCase: TestCase): string[] {
  return [...new Set([...(suite.defaults?.tags ?? []), ...testCase.tags, idLabel(testCase.id)])];
}

/** The preconditions and test data of a manual case written as one plain-text block (for fields that take text). */
export function preconditionText(preconditions: readonly string[]): string | undefined {
  if (preconditions.length === 0) return undefined;
  return preconditions.length === 1 ? preconditions[0] : preconditions.map((p) => `- ${p}`).join('\n');
}

/** A conversation case as plain text: the messages, the reference answer, the requirements and the checks. */
export function conversationText(testCase: Extract<TestCase, { kind: 'conversation' }>): string {
  const lines: string[] = [];
  if (testCase.description) lines.push(testCase.description, '');
  lines.push('Conversation:');
  for (const message of testCase.input.messages) lines.push(`${message.role}: ${message.content}`);
  if (testCase.input.vars && Object.keys(testCase.input.vars).length > 0) {
    lines.push('', 'Variables:');
    for (const [name, value] of Object.entries(testCase.input.vars)) lines.push(`- ${name} = ${String(value)}`);
  }
  if (testCase.expected.content !== undefined) lines.push('', 'Reference answer:', testCase.expected.content);
  if (testCase.expected.requirements.length > 0) {
    lines.push('', 'Requirements (checked by a judge model):');
    for (const requirement of testCase.expected.requirements) lines.push(`- ${requirement}`);
  }
  if (testCase.expected.assert.length > 0) {
    lines.push('', 'Checks:');
    for (const assertion of testCase.expected.assert) {
      const value = 'value' in assertion && assertion.value !== undefined ? ` ${JSON.stringify(assertion.value)}` : '';
      lines.push(`- ${assertion.type}${value}`);
    }
  }
  return lines.join('\n');
}

/** How a conversation case is run from the repository root: what identifies it outside Casewright. */
export const runCommandFor = (caseId: string): string => `casewright run . --case ${caseId}`;

/** Requires a Jira project key for formats that cannot do without one. */
export function requireProjectKey(projectKey: string | undefined, format: string): string {
  if (!projectKey) {
    throw new UsageError(
      `${format} needs the Jira project the tests belong to: pass --project KEY (or set jira.project in casewright.config.yaml)`,
    );
  }
  if (!/^[A-Z][A-Z0-9_]+$/.test(projectKey)) throw new UsageError(`--project: '${projectKey}' is not a Jira project key such as SHOP`);
  return projectKey;
}
