// JUnit XML as CI systems read it (Jenkins, GitLab, GitHub test reporters,
// Azure DevOps): <testsuites> with one <testsuite> per case file and one
// <testcase> per case; failed cases carry <failure message type>, errored ones
// <error>, skipped ones <skipped message>. The document is valid against the
// Jenkins xunit plugin's junit-10.xsd, and every <testsuite> against the Apache
// Ant JUnit schema (the per-suite format Ant writes), so only attributes and
// elements both allow are used: the case file is a suite <property>, the case id
// and the answer are in the failure text and the suite's <system-out>.
import { hostname } from 'node:os';
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
  const open = `    <testcase name="${name}" classname="${classname}" time="${seconds(c.durationMs)}"`;
  const where = `case ${c.caseId}${c.file ? ` in ${c.file}` : ''}`;
  const answer = c.output !== undefined ? `\noutput: ${c.output}` : '';
  if (c.outcome === 'passed') return `${open}/>`;
  if (c.outcome === 'skipped') return `${open}>\n      <skipped message="${xmlEscape(c.skipReason ?? 'skipped')}"/>\n    </testcase>`;
  if (c.outcome === 'errored') {
    const message = c.error?.message ?? 'error';
    const body = `${message}\n${where}${answer}`;
    return `${open}>\n      <error message="${xmlEscape(message)}" type="${xmlEscape(c.error?.code ?? 'ERROR')}">${xmlEscape(body)}</error>\n    </testcase>`;
  }
  const lines = failedLines(c.assertions);
  const rate = c.successRate !== undefined ? ` (success rate ${Math.round(c.successRate * 100)}%${c.flaky ? ', flaky' : ''})` : '';
  const message = `${lines[0]?.replace(/^✗ /, '') ?? `score ${c.score} below the threshold`}${lines.length > 1 ? ` (+${lines.length - 1} more)` : ''}${rate}`;
  const body = `${lines.join('\n') || message}\n${where}${answer}`;
  return `${open}>\n      <failure message="${xmlEscape(message)}" type="AssertionFailure">${xmlEscape(body)}</failure>\n    </testcase>`;
}

/** The answers of a suite's cases, for its <system-out> (testcases cannot carry one in the Ant schema). */
function suiteOutput(cases: readonly CaseResult[]): string {
  return cases
    .filter((c) => c.output !== undefined)
    .map((c) => `[${c.outcome}] ${c.title} (${c.caseId})\n${c.output}`)
    .join('\n\n');
}

/** The JUnit XML text of a run. */
export function junitXml(result: RunResult, host: string = hostname() || 'localhost'): string {
  const groups = new Map<string, CaseResult[]>();
  for (const c of result.cases) {
    const key = c.file ?? c.suite ?? 'cases';
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const count = (cases: CaseResult[], o: CaseResult['outcome']) => cases.filter((c) => c.outcome === o).length;
  // Ant's timestamp is a date-time without fraction or zone (UTC here).
  const timestamp = result.startedAt.replace(/\.\d+/, '').replace(/(Z|[+-]\d{2}:\d{2})$/, '');
  const suites = [...groups.entries()].map(([file, cases]) => {
    const time = cases.reduce((s, c) => s + c.durationMs, 0);
    const attrs = `name="${xmlEscape(cases[0]?.suite ?? file)}" tests="${cases.length}" failures="${count(cases, 'failed')}" errors="${count(cases, 'errored')}" skipped="${count(cases, 'skipped')}" time="${seconds(time)}" timestamp="${timestamp}" hostname="${xmlEscape(host)}"`;
    const properties = `    <properties>\n      <property name="file" value="${xmlEscape(file)}"/>\n    </properties>`;
    const out = suiteOutput(cases);
    const streams = `    ${out ? `<system-out>${xmlEscape(out)}</system-out>` : '<system-out/>'}\n    <system-err/>`;
    return `  <testsuite ${attrs}>\n${properties}\n${cases.map(caseXml).join('\n')}${cases.length ? '\n' : ''}${streams}\n  </testsuite>`;
  });
  const s = result.summary;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="casewright" tests="${s.total}" failures="${s.failed}" errors="${s.errored}" time="${seconds(s.durationMs)}">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
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
