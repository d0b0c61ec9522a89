// Manual cases as Gherkin: one Feature per case file, one Scenario per manual case.
// Reference: the Gherkin reference (https://cucumber.io/docs/gherkin/reference/): tags,
// Feature / Scenario, Given / When / Then / And / But and `*` steps, Doc Strings. The
// output is checked with the official parser (@cucumber/gherkin) in the tests.
import type { ManualCase, TestCase } from '../../model/case.js';
import { caseLabels, storyKeyOf, type ExportSuite } from './export-input.js';

/** The English step keywords a case may start a step with ("where the case says so"). */
const KEYWORD = /^(Given|When|Then|And|But)\s+(\S.*)$/s;

export interface GherkinStepLine {
  /** `Given`, `When`, `Then`, `And`, `But` or `*`. */
  keyword: string;
  text: string;
  /** A Doc String under the step (the step's test data). */
  docString?: string | undefined;
}

/** Splits a text into the keyword it starts with (if it is one) and the rest. */
function keywordOf(text: string): { keyword?: string | undefined; rest: string } {
  const match = KEYWORD.exec(text.trim());
  return match ? { keyword: match[1], rest: match[2]!.trim() } : { rest: text.trim() };
}

/** True when every action of a manual case starts with a Gherkin keyword: the case is written in Gherkin. */
export function isWrittenInGherkin(testCase: ManualCase): boolean {
  return testCase.steps.every((step) => keywordOf(step.action).keyword !== undefined);
}

/**
 * A text on one Gherkin line: a line break inside it (text wrapped in a YAML block) becomes
 * a space, and `notes` gets where, so the user knows the line changed.
 */
function oneLine(text: string, input: ExportSuite, index: number, field: (string | number)[], what: string, notes?: string[]): string {
  const trimmed = text.trim();
  if (!/[\r\n]/.test(trimmed)) return trimmed;
  if (notes) {
    const at = input.locate(['cases', index, ...field]);
    notes.push(`${input.file}:${at.line}:${at.col} line breaks in ${what} joined with spaces: a Gherkin line is one line`);
  }
  return trimmed.replace(/\s*[\r\n]+\s*/g, ' ');
}

/**
 * The steps of a Scenario for a manual case: preconditions as `Given` / `And`; each step's
 * action with its own keyword when it starts with one, else `*`; its data as a Doc String;
 * its expected result with its own keyword when it starts with one, else `Then`.
 * Line breaks inside a step's text are joined with spaces (said in `notes`).
 */
export function scenarioSteps(input: ExportSuite, index: number, testCase: ManualCase, notes?: string[]): GherkinStepLine[] {
  const lines: GherkinStepLine[] = [];
  testCase.preconditions.forEach((precondition, i) => {
    const { rest } = keywordOf(oneLine(precondition, input, index, ['preconditions', i], 'the precondition', notes));
    lines.push({ keyword: i === 0 ? 'Given' : 'And', text: rest });
  });
  testCase.steps.forEach((step, i) => {
    const action = keywordOf(oneLine(step.action, input, index, ['steps', i, 'action'], 'the action', notes));
    lines.push({ keyword: action.keyword ?? '*', text: action.rest, docString: step.data });
    const expected = keywordOf(oneLine(step.expected, input, index, ['steps', i, 'expected'], 'the expected result', notes));
    lines.push({ keyword: expected.keyword ?? 'Then', text: expected.rest });
  });
  return lines;
}

/** A Doc String's delimiter and content: `"""`, or ``` when the text holds `"""`; a text holding both is escaped. */
function docString(text: string, indent: string): string[] {
  let delimiter = '"""';
  let body = text;
  if (body.includes('"""')) {
    if (!body.includes('```')) delimiter = '```';
    else body = body.replaceAll('"""', '\\"\\"\\"');
  }
  return [`${indent}${delimiter}`, ...body.split(/\r?\n/).map((line) => (line ? `${indent}${line}` : '')), `${indent}${delimiter}`];
}

/** Step lines as Gherkin text at the given indentation. */
export function renderSteps(steps: readonly GherkinStepLine[], indent: string): string[] {
  const out: string[] = [];
  for (const step of steps) {
    out.push(`${indent}${step.keyword} ${step.text}`);
    if (step.docString !== undefined) out.push(...docString(step.docString, `${indent}  `));
  }
  return out;
}

/** Tags of a scenario: the case's tags and the suite's default tags, `@id:<uuid>`, `@story:KEY`, the criteria it covers. */
export function scenarioTags(input: ExportSuite, testCase: TestCase): string[] {
  const story = storyKeyOf(input.suite, testCase);
  return [
    ...caseLabels(input.suite, testCase),
    ...(story ? [`story:${story}`] : []),
    ...testCase.covers.map((criterion) => `covers:${criterion}`),
    `priority:${testCase.priority}`,
  ].map((tag) => `@${tag}`);
}

// A description line the parser would read as something else (a tag, a comment, a keyword) gets a mark in front.
const NOT_DESCRIPTION = /^\s*(@|#|(Feature|Rule|Background|Scenario|Scenario Outline|Scenario Template|Example|Examples|Scenarios)\s*:)/;
const descriptionLines = (text: string, indent: string): string[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .map((line) => (line === '' ? '' : `${indent}${NOT_DESCRIPTION.test(line) ? `> ${line.trim()}` : line.trim()}`));

/** The first line of every exported `.feature` file: an export only ever replaces files that start with it. */
export const FEATURE_MARK = '# Exported by casewright export';

export interface FeatureExport {
  /** The `.feature` text; undefined when the file has no manual case. */
  text: string | undefined;
  /** How many manual cases became scenarios. */
  scenarios: number;
  /** Conversation cases, which Gherkin does not carry (they run in Casewright). */
  skipped: number;
  /** Texts changed to fit a Gherkin line, with file:line:col. */
  notes: string[];
}

/** One case file as one Feature: the suite's name and description, one Scenario per manual case. */
export function toFeature(input: ExportSuite): FeatureExport {
  const { suite } = input;
  const out: string[] = [];
  let scenarios = 0;
  let skipped = 0;
  const notes: string[] = [];
  suite.cases.forEach((testCase, index) => {
    if (testCase.kind !== 'manual') {
      skipped += 1;
      return;
    }
    scenarios += 1;
    out.push('');
    out.push(`  ${scenarioTags(input, testCase).join(' ')}`);
    out.push(`  Scenario: ${oneLine(testCase.title, input, index, ['title'], 'the title', notes)}`);
    if (testCase.description) out.push(...descriptionLines(testCase.description, '    '), '');
    out.push(...renderSteps(scenarioSteps(input, index, testCase, notes), '    '));
  });
  if (scenarios === 0) return { text: undefined, scenarios, skipped, notes };
  const header = [
    `${FEATURE_MARK} from ${input.file}; edits here are replaced by the next export`,
    `Feature: ${suite.suite.replace(/\s+/g, ' ').trim()}`,
  ];
  if (suite.description) header.push(...descriptionLines(suite.description, '  '));
  return { text: `${[...header, ...out].join('\n')}\n`, scenarios, skipped, notes };
}
