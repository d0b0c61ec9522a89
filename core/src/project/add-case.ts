// `casewright add <file>`: a new case with a fresh id, appended at the end of a case
// file (created when missing); the text before it stays exactly as written.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CaseFileEditor } from '../model/case-file-editor.js';
import { appendCasesToText } from '../connectors/conversations/case-appender.js';
import type { YamlValue } from '../connectors/conversations/yaml-emit.js';
import { parseCaseFile } from '../model/case-file.js';
import { newCaseId } from '../model/case-id.js';
import type { TestCaseInput } from '../model/case.js';
import { CASE_FILE_SUFFIX } from '../model/case-file.js';
import { UsageError } from '../errors/usage-error.js';
import { writeAtomically } from '../util/write-atomically.js';

export interface AddCaseOptions {
  /** The case file (relative paths against `cwd`). */
  file: string;
  cwd: string;
  title: string;
  kind: 'conversation' | 'manual';
  /** Conversation: the user's message (default: the title). */
  message?: string | undefined;
  /** Conversation: plain-language requirements. */
  requirements?: readonly string[] | undefined;
  /** Manual: steps as "action => expected result". */
  steps?: readonly string[] | undefined;
  /** Suite name of a new file (default: from the file name). */
  suite?: string | undefined;
}

export interface AddCaseResult {
  id: string;
  /** The file as shown (relative to cwd). */
  file: string;
  /** The line the new case starts on. */
  line: number;
  /** True when the file was created. */
  created: boolean;
  /** Warnings about the new case (e.g. it checks nothing yet). */
  warnings: string[];
}

function manualStep(text: string): { action: string; expected: string } {
  const [action, expected] = text.split('=>').map((s) => s.trim());
  if (!action || !expected) throw new UsageError(`--step '${text}': write it as "what to do => what should happen"`);
  return { action, expected };
}

/** Adds a new case with a fresh UUID; the file stays valid or nothing is written. */
export async function addCase(options: AddCaseOptions): Promise<AddCaseResult> {
  const file = path.resolve(options.cwd, options.file);
  const shown = path.relative(options.cwd, file) || file;
  if (!file.endsWith(CASE_FILE_SUFFIX)) throw new UsageError(`${shown}: case files are named *${CASE_FILE_SUFFIX}`);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const suiteName =
    options.suite ??
    path
      .basename(file, CASE_FILE_SUFFIX)
      .replace(/[-_]+/g, ' ')
      .replace(/^./, (c) => c.toUpperCase());
  // Validate the existing file first: an invalid one is refused with located errors, untouched.
  if (text !== undefined) CaseFileEditor.parse(text, shown);
  const id = newCaseId();
  const testCase: TestCaseInput =
    options.kind === 'manual'
      ? {
          id,
          title: options.title,
          kind: 'manual',
          steps: options.steps?.length
            ? options.steps.map(manualStep)
            : [{ action: 'Describe the first step', expected: 'Describe what should happen' }],
        }
      : {
          id,
          title: options.title,
          kind: 'conversation',
          input: { messages: [{ role: 'user', content: options.message ?? options.title }] },
          expected: { requirements: [...(options.requirements ?? [])], assert: [] },
        };
  const next = appendCasesToText(text, [testCase as unknown as YamlValue], { suite: suiteName });
  const parsed = parseCaseFile(next, shown);
  if (!parsed.suite)
    throw new UsageError(parsed.diagnostics.map((d) => `${d.file}:${d.start.line}:${d.start.col} ${d.message}`).join('\n'));
  const index = parsed.suite.cases.findIndex((c) => c.id === id);
  const warnings = parsed.diagnostics
    .filter((d) => d.severity === 'warning' && d.path[0] === 'cases' && d.path[1] === index)
    .map((d) => `${d.file}:${d.start.line}:${d.start.col} ${d.message}`);
  await writeAtomically(file, next);
  return { id, file: shown, line: parsed.locate(['cases', index]).start.line, created: text === undefined, warnings };
}
