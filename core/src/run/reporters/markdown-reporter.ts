// Markdown for a pull-request comment: a summary line, a table of what did not
// pass, baseline changes, and the full list folded in <details>.
import path from 'node:path';
import type { CaseResult, RunResult } from '../../model/result.js';
import type { Reporter } from './reporter.js';
import { checksNotRun, formatCost, formatMs, summaryLine, whyNot } from './format.js';
import { checkedNothing, groupBySkipReason, uncheckedCases } from '../unchecked.js';
import { prepareReportDir, writeReport } from './write-file.js';
import { printable } from '../../util/printable.js';

/**
 * Text from case files, Jira or a target as inert Markdown: HTML is escaped (a title
 * holding `<!--` or `</details>` must not swallow or break the comment), pipes do not
 * split the table, control characters are shown, and it stays on one line.
 */
export const mdText = (text: string) =>
  printable(text.replace(/\s+/g, ' ').trim(), { singleLine: true })
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|');
const cell = mdText;
const ICON: Record<CaseResult['outcome'], string> = { passed: '✅', failed: '❌', errored: '⚠️', skipped: '⏭️' };

export function markdownReport(result: RunResult): string {
  const s = result.summary;
  const unchecked = uncheckedCases(result);
  // Green only when something was checked and nothing was left unchecked by accident.
  const icon = s.failed + s.errored > 0 ? '❌' : unchecked.skipped.length || unchecked.partial.length ? '⚠️' : '✅';
  const lines = [
    `## Casewright: ${icon} ${checkedNothing(unchecked) ? 'nothing was checked: ' : ''}${summaryLine(s)} of ${s.total}`,
    '',
    `${formatMs(s.durationMs)}${s.cost ? ` · cost ${formatCost(s.cost)}` : ''}${result.interrupted ? ' · **interrupted (Ctrl-C): partial results**' : ''}${result.shard ? ` · shard ${result.shard.index}/${result.shard.count}` : ''}`,
  ];
  for (const warning of result.warnings ?? []) lines.push('', `> ⚠️ ${cell(warning)}`);
  const bad = result.cases.filter((c) => c.outcome === 'failed' || c.outcome === 'errored');
  if (bad.length) {
    lines.push('', '| | case | file | why |', '|---|---|---|---|');
    for (const c of bad) lines.push(`| ${ICON[c.outcome]} | ${cell(c.title)} | ${cell(c.file ?? '')} | ${cell(whyNot(c))} |`);
  }
  const notChecked = [...groupBySkipReason(unchecked.skipped), ...groupBySkipReason(unchecked.partial)];
  if (notChecked.length) {
    lines.push('', '| | cases | not checked because |', '|---|---|---|');
    for (const { reason, cases } of groupBySkipReason(unchecked.skipped)) lines.push(`| ⏭️ | ${cases.length} skipped | ${cell(reason)} |`);
    for (const { reason, cases } of groupBySkipReason(unchecked.partial))
      lines.push(`| ◐ | ${cases.length} with a check skipped | ${cell(reason)} |`);
  }
  if (unchecked.intentional.length) lines.push('', `${unchecked.intentional.length} manual or deprecated case(s) not run here.`);
  if (result.baseline) {
    const b = result.baseline;
    const title = new Map(result.cases.map((c) => [c.caseId, c.title]));
    lines.push(
      '',
      `**Against the baseline** (${cell(b.file)}): ${b.regressions.length} regression(s), ${b.fixes.length} fix(es), ${b.new.length} new, ${b.missing.length} not run`,
    );
    for (const id of b.regressions) lines.push(`- ⬇️ regression: ${cell(title.get(id) ?? id)}`);
    for (const id of b.fixes) lines.push(`- ⬆️ fixed: ${cell(title.get(id) ?? id)}`);
  }
  lines.push('', '<details><summary>All cases</summary>', '', '| | case | score | latency | cost |', '|---|---|---|---|---|');
  for (const c of result.cases) {
    const notRun = checksNotRun(c);
    const extra = c.flaky
      ? ' (flaky)'
      : c.outcome === 'skipped'
        ? ` (${cell(c.skipReason ?? 'skipped')})`
        : notRun
          ? ` (${cell(notRun)})`
          : '';
    lines.push(
      `| ${ICON[c.outcome]} | ${cell(c.title)}${extra} | ${c.outcome === 'skipped' ? '–' : c.score} | ${formatMs(c.latencyMs)} | ${formatCost(c.cost)} |`,
    );
  }
  lines.push('', '</details>', '');
  return lines.join('\n');
}

export function createMarkdownReporter(outDir: string, fileName = 'report.md'): Reporter {
  const files: string[] = [];
  return {
    name: 'markdown',
    files,
    prepare: () => prepareReportDir(outDir),
    async onRunEnd(result) {
      const file = path.join(outDir, fileName);
      await writeReport(file, markdownReport(result));
      files.push(file);
    },
  };
}
