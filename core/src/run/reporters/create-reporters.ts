import { UsageError } from '../../errors/usage-error.js';
import { createConsoleReporter } from './console-reporter.js';
import { createGithubReporter } from './github-reporter.js';
import { createHtmlReporter, type JiraIssueLink } from './html-reporter.js';
import { createJsonReporter } from './json-reporter.js';
import { createJsonlReporter } from './jsonl-reporter.js';
import { createJunitReporter } from './junit-reporter.js';
import { createMarkdownReporter } from './markdown-reporter.js';
import type { Reporter } from './reporter.js';

export const REPORTER_NAMES = ['console', 'json', 'jsonl', 'junit', 'markdown', 'html', 'github'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

export interface CreateReportersOptions {
  outDir: string;
  write: (text: string) => void;
  isTty: boolean;
  color?: boolean | undefined;
  /** For `github`: the directory case files are relative to (default: the process's). */
  cwd?: string | undefined;
  /** For `github`: GITHUB_STEP_SUMMARY and GITHUB_WORKSPACE (default: the process's environment). */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** For `html`: each case's Jira issue, linked from the report. */
  jiraLink?: JiraIssueLink | undefined;
}

/** Parses `console,junit,html` into reporters; an unknown name is a `UsageError`. */
export function createReporters(names: readonly string[], options: CreateReportersOptions): Reporter[] {
  return [...new Set(names.map((n) => n.trim()).filter(Boolean))].map((name) => {
    switch (name as ReporterName) {
      case 'console':
        return createConsoleReporter({ write: options.write, isTty: options.isTty, color: options.color });
      case 'json':
        return createJsonReporter(options.outDir);
      case 'jsonl':
        return createJsonlReporter(options.outDir);
      case 'junit':
        return createJunitReporter(options.outDir);
      case 'markdown':
        return createMarkdownReporter(options.outDir);
      case 'html':
        return createHtmlReporter(options.outDir, undefined, { jiraLink: options.jiraLink });
      case 'github':
        return createGithubReporter({ write: options.write, cwd: options.cwd ?? process.cwd(), env: options.env ?? process.env });
      default:
        throw new UsageError(`unknown reporter '${name}'; use one or more of ${REPORTER_NAMES.join(', ')}`);
    }
  });
}
