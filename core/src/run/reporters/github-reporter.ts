// GitHub Actions: workflow commands that annotate the case's line in its file
// (`::error file=…,line=…::…`, shown on the pull request's diff and the run page)
// and the Markdown report appended to the job's step summary ($GITHUB_STEP_SUMMARY).
// Commands and their escaping follow "Workflow commands for GitHub Actions"
// (docs.github.com/en/actions/reference/workflow-commands-for-github-actions).
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseCaseFile } from '../../model/case-file.js';
import type { CaseResult, RunResult } from '../../model/result.js';
import type { Reporter } from './reporter.js';
import { checksNotRun, whyNot } from './format.js';
import { markdownReport } from './markdown-reporter.js';
import { isIntentionalSkip } from '../unchecked.js';

export interface GithubReporterOptions {
  /** Where the workflow commands go (stdout, which the runner reads). */
  write: (text: string) => void;
  /** The directory case files in results are relative to. */
  cwd: string;
  /** GITHUB_STEP_SUMMARY (the summary file) and GITHUB_WORKSPACE (annotation paths are relative to it). */
  env: Readonly<Record<string, string | undefined>>;
}

/** Escapes the message of a workflow command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value (file, title) of a workflow command. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

type Level = 'error' | 'warning' | 'notice';

export function workflowCommand(level: Level, message: string, properties: Record<string, string | number | undefined> = {}): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(message)}\n`;
}

/** The line each case starts on (`- id: …`), by case id, for a case file; empty when it cannot be read. */
async function caseLines(file: string): Promise<Map<string, number>> {
  const lines = new Map<string, number>();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return lines;
  }
  const parsed = parseCaseFile(text, file);
  const cases = (parsed.data as { cases?: { id?: unknown }[] } | undefined)?.cases;
  if (!Array.isArray(cases)) return lines;
  cases.forEach((c, index) => {
    if (typeof c?.id === 'string') lines.set(c.id.toLowerCase(), parsed.locate(['cases', index]).start.line);
  });
  return lines;
}

function annotation(c: CaseResult): { level: Level; message: string } | undefined {
  if (c.outcome === 'failed' || c.outcome === 'errored') return { level: 'error', message: `${c.outcome}: ${whyNot(c)}` };
  if (c.outcome === 'skipped' && !isIntentionalSkip(c)) return { level: 'warning', message: `not checked: ${c.skipReason ?? 'skipped'}` };
  const notRun = checksNotRun(c);
  return notRun ? { level: 'warning', message: `${c.outcome}, but ${notRun}` } : undefined;
}

export function createGithubReporter(options: GithubReporterOptions): Reporter {
  const files: string[] = [];
  const workspace = options.env.GITHUB_WORKSPACE ? path.resolve(options.env.GITHUB_WORKSPACE) : path.resolve(options.cwd);
  const shown = (file: string) => path.relative(workspace, path.resolve(options.cwd, file)).split(path.sep).join('/');
  return {
    name: 'github',
    files,
    onRunStart(info) {
      for (const warning of info.warnings ?? []) options.write(workflowCommand('warning', warning, { title: 'Casewright' }));
    },
    async onRunEnd(result: RunResult) {
      const linesByFile = new Map<string, Map<string, number>>();
      for (const c of result.cases) {
        const note = annotation(c);
        if (!note) continue;
        let line: number | undefined;
        if (c.file) {
          if (!linesByFile.has(c.file)) linesByFile.set(c.file, await caseLines(path.resolve(options.cwd, c.file)));
          line = linesByFile.get(c.file)!.get(c.caseId.toLowerCase());
        }
        options.write(
          workflowCommand(note.level, `${note.message}\ncase ${c.caseId}`, {
            file: c.file ? shown(c.file) : undefined,
            line,
            title: `Casewright: ${c.title}`,
          }),
        );
      }
      const summary = options.env.GITHUB_STEP_SUMMARY;
      if (summary) {
        await appendFile(summary, `${markdownReport(result)}\n`);
        files.push(summary);
      }
    },
  };
}
