import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ExportSuite } from '../connectors/interop/export-input.js';
import { requireProjectKey } from '../connectors/interop/export-input.js';
import { FEATURE_MARK, toFeature } from '../connectors/interop/gherkin-export.js';
import { toXrayResults } from '../connectors/interop/xray-results-export.js';
import { toXrayTests } from '../connectors/interop/xray-tests-export.js';
import { toZephyr } from '../connectors/interop/zephyr-export.js';
import { CaseFileError } from '../errors/case-file-error.js';
import type { Diagnostic } from '../errors/diagnostic.js';
import { UsageError } from '../errors/usage-error.js';
import { writeFileAtomic } from '../model/atomic-write.js';
import { CASE_FILE_SUFFIX } from '../model/case-file-name.js';
import { findCaseFiles, loadCaseFile } from '../model/load.js';
import { loadRunResult } from '../run/baseline.js';
import type { Workspace } from './workspace.js';

export const EXPORT_FORMATS = ['xray', 'xray-results', 'zephyr', 'gherkin'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportCasesOptions {
  format: ExportFormat;
  /** Case files or directories (default: the working directory; for `xray-results`: the files the run names). */
  paths?: readonly string[] | undefined;
  /** A file (JSON formats), a directory (any format), or `-` to return the JSON without writing it. */
  out?: string | undefined;
  /** The Jira project key (default: the config's `jira.project`). */
  project?: string | undefined;
  /** `xray-results`: the result file of `casewright run` (default `.casewright/last-run.json`). */
  results?: string | undefined;
  /** `xray-results`: import into this Test Execution. */
  testExecution?: string | undefined;
  /** `xray-results`: link the new Test Execution to this Test Plan. */
  testPlan?: string | undefined;
  /** `xray-results`: use each case's `jira.key` as its Xray `testKey` (default true). */
  useJiraKeys?: boolean | undefined;
}

export interface ExportedFile {
  /** Where it was (or would be) written, as messages show it; `-` for standard output. */
  file: string;
  text: string;
}

export interface ExportCasesResult {
  format: ExportFormat;
  files: ExportedFile[];
  /** False with `out: '-'`: the caller prints `files[0].text`. */
  written: boolean;
  /** Cases (for `xray-results`: test results) in the export. */
  exported: number;
  /** What the format could not carry, in words (e.g. conversation cases in Gherkin). */
  notes: string[];
}

const DEFAULT_OUT: Record<ExportFormat, string> = {
  xray: '.casewright/export/xray-tests.json',
  'xray-results': '.casewright/export/xray-results.json',
  zephyr: '.casewright/export/zephyr-testcases.json',
  gherkin: '.casewright/export/features',
};

const JIRA_KEY = /^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/;

/** The most tests Xray Cloud's bulk import takes in one call. */
const XRAY_BULK_LIMIT = 1000;

const isDirectory = (file: string) =>
  stat(file).then(
    (s) => s.isDirectory(),
    () => false,
  );

/** Loads and validates case files; any error stops the export (CaseFileError at file:line:col) before anything is written. */
async function loadSuites(ws: Workspace, paths: readonly string[]): Promise<ExportSuite[]> {
  const files = await findCaseFiles(paths, ws.cwd);
  const suites: ExportSuite[] = [];
  const errors: Diagnostic[] = [];
  for (const file of files) {
    const shown = ws.shown(file);
    const parsed = await loadCaseFile(file, shown);
    errors.push(...parsed.diagnostics.filter((d) => d.severity === 'error'));
    if (parsed.suite) suites.push({ file: shown, suite: parsed.suite, locate: (p) => parsed.locate(p).start });
  }
  if (errors.length > 0) throw new CaseFileError(errors);
  return suites;
}

/** `cases/checkout.cases.yaml` → `cases/checkout.feature` (the case file's place under the output directory). */
function featureName(shown: string): string {
  const relative = shown.startsWith('..') || path.isAbsolute(shown) ? path.basename(shown) : shown;
  return `${relative.endsWith(CASE_FILE_SUFFIX) ? relative.slice(0, -CASE_FILE_SUFFIX.length) : relative.replace(/\.ya?ml$/i, '')}.feature`;
}

/**
 * Exports case files (or a run's results) in another tool's format: Xray's test bulk
 * import, Xray's execution results, Zephyr Scale's test-case API bodies, or Gherkin
 * `.feature` files. Every input is read and mapped before the first file is written, so
 * bad input (an invalid case file, a missing project key, text a format cannot hold)
 * writes nothing; each file is written atomically.
 */
export async function exportCases(ws: Workspace, options: ExportCasesOptions): Promise<ExportCasesResult> {
  const project = options.project ?? ws.config.jira?.project;
  const toStdout = options.out === '-';
  if (toStdout && options.format === 'gherkin')
    throw new UsageError('--out -: gherkin writes one .feature file per case file; give a directory');
  for (const [flag, key] of [
    ['--test-execution', options.testExecution],
    ['--test-plan', options.testPlan],
  ] as const) {
    if (key !== undefined && !JIRA_KEY.test(key)) throw new UsageError(`${flag}: '${key}' is not a Jira issue key such as SHOP-123`);
  }
  const notes: string[] = [];
  let outputs: Array<{ name?: string; text: string }>;
  let exported = 0;

  if (options.format === 'xray-results') {
    const resultsFile = ws.resolve(options.results ?? '.casewright/last-run.json');
    const run = await loadRunResult(resultsFile, ws.shown(resultsFile));
    const named = [...new Set(run.cases.map((c) => c.file).filter((f): f is string => !!f))];
    let paths = options.paths?.length ? options.paths : [];
    if (paths.length === 0) {
      const present = await Promise.all(named.map(async (f) => ((await stat(ws.resolve(f)).catch(() => undefined)) ? f : undefined)));
      paths = present.filter((f): f is string => !!f);
      const missing = named.length - paths.length;
      if (missing > 0)
        notes.push(`${missing} case file${missing === 1 ? '' : 's'} named in the results not found: their tests are matched by summary`);
    }
    const cases = paths.length > 0 ? await loadSuites(ws, paths) : [];
    const document = toXrayResults(run, {
      file: ws.shown(resultsFile),
      projectKey: requireProjectKey(project, 'xray-results'),
      testExecutionKey: options.testExecution,
      testPlanKey: options.testPlan,
      cases,
      useJiraKeys: options.useJiraKeys,
    });
    exported = document.tests.length;
    outputs = [{ text: `${JSON.stringify(document, null, 2)}\n` }];
  } else {
    const suites = await loadSuites(ws, options.paths?.length ? options.paths : ['.']);
    if (options.format === 'xray') {
      const tests = toXrayTests(suites, { projectKey: project, priorities: ws.config.jira?.priorities });
      exported = tests.length;
      if (!project) notes.push('no project key: pass ?project=KEY to the import call (or --project KEY here)');
      if (tests.length > XRAY_BULK_LIMIT)
        notes.push(`Xray imports at most ${XRAY_BULK_LIMIT} tests a call: export the case files in parts`);
      outputs = [{ text: `${JSON.stringify(tests, null, 2)}\n` }];
    } else if (options.format === 'zephyr') {
      const document = toZephyr(suites, requireProjectKey(project, 'zephyr'));
      exported = document.testCases.length;
      outputs = [{ text: `${JSON.stringify(document, null, 2)}\n` }];
    } else {
      outputs = [];
      let skipped = 0;
      for (const input of suites) {
        const feature = toFeature(input);
        skipped += feature.skipped;
        notes.push(...feature.notes);
        exported += feature.scenarios;
        if (feature.text !== undefined) outputs.push({ name: featureName(input.file), text: feature.text });
      }
      if (skipped > 0)
        notes.push(`${skipped} conversation case${skipped === 1 ? '' : 's'} not exported: Gherkin carries manual cases only`);
    }
  }
  if (exported === 0)
    throw new UsageError(
      `nothing to export: no ${options.format === 'gherkin' ? 'manual ' : ''}cases in ${(options.paths ?? ['.']).join(', ')}`,
    );

  if (toStdout) return { format: options.format, files: [{ file: '-', text: outputs[0]!.text }], written: false, exported, notes };
  const out = ws.resolve(options.out ?? DEFAULT_OUT[options.format]);
  const files: Array<{ path: string; text: string }> = [];
  if (options.format === 'gherkin') {
    if ((await stat(out).catch(() => undefined))?.isFile())
      throw new UsageError(`--out ${ws.shown(out)}: is a file; gherkin writes a directory of .feature files`);
    for (const output of outputs) {
      const file = path.join(out, output.name!);
      // A .feature file someone wrote (a story, a Cucumber suite) is never replaced by an export.
      const existing = await readFile(file, 'utf8').catch(() => undefined);
      if (existing !== undefined && !existing.startsWith(FEATURE_MARK)) {
        throw new UsageError(`${ws.shown(file)}: exists and was not written by casewright export; choose another --out`);
      }
      files.push({ path: file, text: output.text });
    }
  } else {
    const target = (await isDirectory(out)) ? path.join(out, path.basename(DEFAULT_OUT[options.format])) : out;
    files.push({ path: target, text: outputs[0]!.text });
  }
  for (const file of files) await writeFileAtomic(file.path, file.text);
  return { format: options.format, files: files.map((f) => ({ file: ws.shown(f.path), text: f.text })), written: true, exported, notes };
}
