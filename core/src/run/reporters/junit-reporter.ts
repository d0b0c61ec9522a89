// JUnit XML as CI systems read it (Jenkins, GitLab, GitHub test reporters,
// Azure DevOps): <testsuites> with one <testsuite> per case file and one
// <testcase> per case; failed cases carry <failure message type>, errored ones
// <error>, skipped ones <skipped message>.
import path from 'node:path';
import type { AssertionResult, CaseResult, RunResult } from '../../model/result.js';
import type { Reporter } from './reporter.js';
import { prepareReportDir, writeReport } from './write-file.js';

/** Escapes text for XML content and attributes; drops characters XML 1.0 forbids. */
export function xmlEscape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

const seconds = (ms: number | undefined) => ((ms ?? 0) / 1000).toFixed(3);

function failedLines(assertions: readonly AssertionResult[], indent = ''): string[] {
  return assertions.flatMap((a) => {
    if (a.pass || a.skipped) return [];
    const line = `${indent}✗ ${a.type}${a.metric ? ` (${a.metric})` : ''}${a.turn ? ` [turn ${a.turn}]` : ''}: ${a.reason}`;
    return [line, ...failedLines(a.children ?? [], `${indent}  `)];
  });
}

function caseXml(c: CaseResult): string {
  const name = xmlEscape(c.title);
  const classname = xmlEscape(c.suite ?? c.file ?? 'casewright');
  const open = `    <testcase name="${name}" classname="${classname}" time="${seconds(c.durationMs)}" id="${xmlEscape(c.caseId)}"`;
  const out = c.output !== undefined ? `\n      <system-out>${xmlEscape(`output: ${c.output}`)}</system-out>` : '';
  if (c.outcome === 'passed') return `${open}>${out}\n    </testcase>`;
  if (c.outcome === 'skipped') return `${open}>\n      <skipped message="${xmlEscape(c.skipReason ?? 'skipped')}"/>\n    </testcase>`;
  if (c.outcome === 'errored') {
    const message = c.error?.message ?? 'error';
    return `${open}>\n      <error message="${xmlEscape(message)}" type="${xmlEscape(c.error?.code ?? 'ERROR')}">${xmlEscape(message)}</error>${out}\n    </testcase>`;
  }
  const lines = failedLines(c.assertions);
  const rate = c.successRate !== undefined ? ` (success rate ${Math.round(c.successRate * 100)}%${c.flaky ? ', flaky' : ''})` : '';
  const message = `${lines[0]?.replace(/^✗ /, '') ?? `score ${c.score} below the threshold`}${lines.length > 1 ? ` (+${lines.length - 1} more)` : ''}${rate}`;
  return `${open}>\n      <failure message="${xmlEscape(message)}" type="AssertionFailure">${xmlEscape(lines.join('\n') || message)}</failure>${out}\n    </testcase>`;
}

/** The JUnit XML text of a run. */
export function junitXml(result: RunResult): string {
  const groups = new Map<string, CaseResult[]>();
  for (const c of result.cases) {
    const key = c.file ?? c.suite ?? 'cases';
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const count = (cases: CaseResult[], o: CaseResult['outcome']) => cases.filter((c) => c.outcome === o).length;
  const suites = [...groups.entries()].map(([file, cases]) => {
    const time = cases.reduce((s, c) => s + c.durationMs, 0);
    const attrs = `name="${xmlEscape(cases[0]?.suite ?? file)}" tests="${cases.length}" failures="${count(cases, 'failed')}" errors="${count(cases, 'errored')}" skipped="${count(cases, 'skipped')}" time="${seconds(time)}" timestamp="${result.startedAt.replace(/\.\d+Z$/, '').replace(/Z$/, '')}" file="${xmlEscape(file)}"`;
    return `  <testsuite ${attrs}>\n${cases.map(caseXml).join('\n')}\n  </testsuite>`;
  });
  const s = result.summary;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="casewright" tests="${s.total}" failures="${s.failed}" errors="${s.errored}" skipped="${s.skipped}" time="${seconds(s.durationMs)}">\n${suites.join('\n')}\n</testsuites>\n`;
}

export function createJunitReporter(outDir: string, fileName = 'junit.xml'): Reporter {
  const files: string[] = [];
  return {
    name: 'junit',
    files,
    prepare: () => prepareReportDir(outDir),
    async onRunEnd(result) {
      const file = path.join(outDir, fileName);
      await writeReport(file, junitXml(result));
      files.push(file);
    },
  };
}
