// Console output: a live progress bar on a terminal (one line per case
// otherwise, e.g. in CI logs), then a summary table per file and the reasons of
// every case that did not pass.
import type { CaseResult, RunResult } from '../../model/result.js';
import type { Reporter } from './reporter.js';
import { printable } from '../../util/printable.js';
import { checksNotRun, formatCost, formatMs, OUTCOME_ICON, summaryLine, whyNot } from './format.js';
import { checkedNothing, groupBySkipReason, isIntentionalSkip, uncheckedCases } from '../unchecked.js';

export interface ConsoleReporterOptions {
  write: (text: string) => void;
  /** A terminal: redraw a progress bar in place. */
  isTty: boolean;
  color?: boolean | undefined;
}

const COLORS: Record<CaseResult['outcome'], string> = { passed: '32', failed: '31', errored: '35', skipped: '90' };

function pad(text: string, width: number): string {
  const length = [...text].length;
  return length >= width ? text : text + ' '.repeat(width - length);
}

/** Text from case files, Jira or a target, safe for a terminal (no escape sequences) and on one line. */
const safe = (text: string) => printable(text.replace(/[\r\n]+/g, ' '), { singleLine: true });

function clip(text: string, width: number): string {
  const chars = [...safe(text.replace(/\s+/g, ' '))];
  return chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : chars.join('');
}

export function createConsoleReporter(options: ConsoleReporterOptions): Reporter {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const counts = { passed: 0, failed: 0, errored: 0, skipped: 0 };
  let total = 0;
  let barShown = false;
  const bar = (done: number) => {
    const width = 24;
    const filled = total ? Math.round((done / total) * width) : width;
    return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total}  ✓${counts.passed} ✗${counts.failed} !${counts.errored} ○${counts.skipped}`;
  };
  return {
    name: 'console',
    onRunStart(info) {
      total = info.total;
      options.write(
        `Running ${info.total} case${info.total === 1 ? '' : 's'}${info.repeat > 1 ? ` × ${info.repeat} attempts` : ''} (concurrency ${info.concurrency})\n`,
      );
      for (const warning of info.warnings ?? []) options.write(`${paint('33', 'warning:')} ${warning}\n`);
    },
    onCaseEnd(result, done) {
      counts[result.outcome]++;
      if (options.isTty) {
        options.write(`\r\u001b[2K${bar(done)}`);
        barShown = true;
      } else if (!isIntentionalSkip(result)) {
        // Manual and deprecated cases are counted once at the end, not listed.
        const icon = paint(COLORS[result.outcome], OUTCOME_ICON[result.outcome]);
        // The full reasons are grouped once at the end; the line keeps the gist.
        const notRun = checksNotRun(result).split(' (')[0]!;
        const tail =
          result.outcome === 'passed'
            ? `${formatMs(result.latencyMs)}${notRun ? ` · ${clip(notRun, 70)}` : ''}`
            : clip(whyNot(result), 100);
        options.write(`${icon} ${clip(result.title, 70)} — ${tail}\n`);
      }
    },
    onRunEnd(result: RunResult) {
      if (barShown) options.write('\r\u001b[2K');
      const files = new Map<string, CaseResult[]>();
      for (const c of result.cases) files.set(c.file ?? '', [...(files.get(c.file ?? '') ?? []), c]);
      const rows = [...files.entries()].map(([file, cases]) => {
        const n = (o: CaseResult['outcome']) => String(cases.filter((c) => c.outcome === o).length);
        const cost = cases.reduce((s, c) => s + (c.cost ?? 0), 0);
        const latencies = cases.map((c) => c.latencyMs).filter((l): l is number => l !== undefined);
        const avg = latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : undefined;
        return [safe(file), String(cases.length), n('passed'), n('failed'), n('errored'), n('skipped'), formatMs(avg), formatCost(cost)];
      });
      const header = ['file', 'cases', 'passed', 'failed', 'errored', 'skipped', 'avg latency', 'cost'];
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => [...r[i]!].length)));
      const line = (cells: string[]) =>
        cells
          .map((c, i) => pad(c, widths[i]!))
          .join('  ')
          .trimEnd();
      const out: string[] = ['', line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
      const notPassed = result.cases.filter((c) => c.outcome === 'failed' || c.outcome === 'errored');
      if (notPassed.length) {
        out.push('', 'Did not pass:');
        for (const c of notPassed) {
          out.push(`  ${paint(COLORS[c.outcome], `${OUTCOME_ICON[c.outcome]} ${c.outcome}`)}  ${safe(c.title)}`);
          out.push(`      ${safe(c.file ?? '')} · ${safe(c.caseId)}`);
          out.push(`      ${safe(whyNot(c))}`);
        }
      }
      const unchecked = uncheckedCases(result);
      const filesOf = (cases: readonly CaseResult[]) => {
        const byFile = new Map<string, number>();
        for (const c of cases) byFile.set(c.file ?? '', (byFile.get(c.file ?? '') ?? 0) + 1);
        return [...byFile.entries()].map(([file, n]) => `${safe(file) || '(no file)'} (${n})`).join(', ');
      };
      const plural = (n: number) => `${n} case${n === 1 ? '' : 's'}`;
      if (unchecked.skipped.length) {
        out.push('', 'Not checked (skipped):');
        for (const { reason, cases } of groupBySkipReason(unchecked.skipped)) {
          out.push(`  ${paint(COLORS.skipped, OUTCOME_ICON.skipped)} ${plural(cases.length)}: ${safe(reason)}`, `      ${filesOf(cases)}`);
        }
      }
      if (unchecked.partial.length) {
        out.push('', 'Some checks not run:');
        for (const { reason, cases } of groupBySkipReason(unchecked.partial)) {
          out.push(
            `  ${plural(cases.length)} ${cases.length === 1 ? 'has' : 'have'} a check skipped: ${safe(reason)}`,
            `      ${filesOf(cases)}`,
          );
        }
      }
      if (unchecked.intentional.length) {
        const manual = unchecked.intentional.filter((c) => c.skipReason === 'manual').length;
        const deprecated = unchecked.intentional.length - manual;
        const parts = [
          ...(manual ? [`${manual} manual case${manual === 1 ? '' : 's'} (run by a person: VS Code's manual-case stepper or Jira)`] : []),
          ...(deprecated ? [`${deprecated} deprecated`] : []),
        ];
        out.push('', `Not run here: ${parts.join('; ')}`);
      }
      const flaky = result.cases.filter((c) => c.flaky);
      if (flaky.length) {
        out.push('', 'Flaky (attempts disagree):');
        for (const c of flaky)
          out.push(`  ~ ${safe(c.title)} — ${Math.round((c.successRate ?? 0) * 100)}% of ${c.attempts?.length ?? 0} attempts passed`);
      }
      if (result.baseline) {
        const b = result.baseline;
        out.push(
          '',
          `Against ${safe(b.file)}: ${b.regressions.length} regression(s), ${b.fixes.length} fix(es), ${b.new.length} new, ${b.missing.length} not run`,
        );
        const title = new Map(result.cases.map((c) => [c.caseId, c.title]));
        for (const id of b.regressions) out.push(`  ↓ regression: ${safe(title.get(id) ?? id)}`);
        for (const id of b.fixes) out.push(`  ↑ fixed: ${safe(title.get(id) ?? id)}`);
      }
      const s = result.summary;
      out.push(
        '',
        `${result.interrupted ? 'Interrupted (Ctrl-C): ' : checkedNothing(unchecked) ? 'Nothing was checked: ' : ''}${summaryLine(s)} of ${s.total} in ${formatMs(s.durationMs)}${s.cost ? ` · cost ${formatCost(s.cost)}` : ''}${s.tokenUsage.total ? ` · ${s.tokenUsage.total} tokens` : ''}`,
      );
      options.write(`${out.join('\n')}\n`);
    },
  };
}
