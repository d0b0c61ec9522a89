// Console output: a live progress bar on a terminal (one line per case
// otherwise, e.g. in CI logs), then a summary table per file and the reasons of
// every case that did not pass.
import type { CaseResult, RunResult } from '../../model/result.js';
import type { Reporter } from './reporter.js';
import { printable } from '../../util/printable.js';
import { formatCost, formatMs, OUTCOME_ICON, summaryLine, whyNot } from './format.js';

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
    },
    onCaseEnd(result, done) {
      counts[result.outcome]++;
      if (options.isTty) {
        options.write(`\r\u001b[2K${bar(done)}`);
        barShown = true;
      } else {
        const icon = paint(COLORS[result.outcome], OUTCOME_ICON[result.outcome]);
        const tail = result.outcome === 'passed' ? formatMs(result.latencyMs) : clip(whyNot(result), 100);
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
        `${result.interrupted ? 'Interrupted (Ctrl-C): ' : ''}${summaryLine(s)} of ${s.total} in ${formatMs(s.durationMs)}${s.cost ? ` · cost ${formatCost(s.cost)}` : ''}${s.tokenUsage.total ? ` · ${s.tokenUsage.total} tokens` : ''}`,
      );
      options.write(`${out.join('\n')}\n`);
    },
  };
}
