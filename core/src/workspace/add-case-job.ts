import path from 'node:path';
import { appendCasesToText } from '../connectors/conversations/case-appender.js';
import type { YamlValue } from '../connectors/conversations/yaml-emit.js';
import { CaseFileError } from '../errors/case-file-error.js';
import { UsageError } from '../errors/usage-error.js';
import { CaseFileEditor } from '../model/case-file-editor.js';
import { CASE_FILE_SUFFIX, parseCaseFile } from '../model/case-file.js';
import { newCaseId } from '../model/case-id.js';
import type { TestCaseInput } from '../model/case.js';
import { readCaseFileText, writeCaseFile } from './case-file-io.js';
import type { Workspace } from './workspace.js';

export interface AddCaseOptions {
  /** The case file, relative to the workspace (created when missing). */
  file: string;
  title: string;
  kind: 'conversation' | 'manual';
  /** Conversation: the user's message (default: the title). */
  message?: string | undefined;
  /** Conversation: plain-language requirements. */
  requirements?: readonly string[] | undefined;
  /** Manual: the steps (default: one step to fill in). */
  steps?: readonly { action: string; expected: string; data?: string | undefined }[] | undefined;
  /** Suite name of a new file (default: from the file name). */
  suite?: string | undefined;
}

export interface AddCaseResult {
  id: string;
  /** The file as messages show it. */
  file: string;
  /** The line the new case starts on. */
  line: number;
  /** True when the file was created. */
  created: boolean;
  /** Warnings about the new case (e.g. it checks nothing yet). */
  warnings: string[];
}

/**
 * Adds a case with a fresh UUID at the end of a case file (created when missing): the
 * text before it stays exactly as written, the file stays valid or nothing is written.
 */
export async function addCase(ws: Workspace, options: AddCaseOptions): Promise<AddCaseResult> {
  const file = ws.resolve(options.file);
  const shown = ws.shown(file);
  if (!file.endsWith(CASE_FILE_SUFFIX)) throw new UsageError(`${shown}: case files are named *${CASE_FILE_SUFFIX}`);
  const text = await readCaseFileText(file);
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
            ? options.steps.map(({ action, data, expected }) => ({ action, ...(data ? { data } : {}), expected }))
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
  if (!parsed.suite) throw new CaseFileError(parsed.diagnostics);
  const index = parsed.suite.cases.findIndex((c) => c.id === id);
  const warnings = parsed.diagnostics
    .filter((d) => d.severity === 'warning' && d.path[0] === 'cases' && d.path[1] === index)
    .map((d) => `${d.file}:${d.start.line}:${d.start.col} ${d.message}`);
  await writeCaseFile(file, next, { previous: text, shown });
  return { id, file: shown, line: parsed.locate(['cases', index]).start.line, created: text === undefined, warnings };
}
