/**
 * Execution analytics as a product owner reads them in a terminal or an editor (`casewright jira
 * analytics`, VS Code's "Show Jira Analytics"): pass rate per story (last execution) and over
 * time, criteria coverage, open defects, flaky cases. Pure: the numbers of `readExecutionAnalytics`,
 * nothing read. Text from Jira is shown, never interpreted (control characters made visible).
 */
import { printable } from '../util/printable.js';
import type { ExecutionAnalytics } from './execution-analytics-job.js';

export interface FormatAnalyticsOptions {
  /** What the analytics are of, for the title: `project SHOP` or `story SHOP-1`. */
  scope?: string | undefined;
}

const pct = (rate: number) => `${Math.round(rate * 100)} %`;
const one = (text: string) => printable(text, { singleLine: true });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** A bar of ten cells for a 0..1 rate. */
const bar = (rate: number) => {
  const full = Math.max(0, Math.min(10, Math.round(rate * 10)));
  return `${'█'.repeat(full)}${'░'.repeat(10 - full)}`;
};
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const day = (iso: string) => iso.replace('T', ' ').slice(0, 16);

/** The analytics of a project's stories (or one story) as plain text, one section per question. */
export function formatAnalytics(analytics: ExecutionAnalytics, options: FormatAnalyticsOptions = {}): string {
  const { stories, overTime, flaky, openDefects } = analytics;
  const title = `Execution analytics${options.scope ? ` of ${one(options.scope)}` : ''}`;
  const lines = [title, '='.repeat(title.length), ''];
  if (stories.length === 0) {
    lines.push('No recorded executions yet: `casewright run --jira` (or a run from VS Code or CI) records them on the stories.');
    if (openDefects.length) lines.push('', ...defectLines(analytics));
    return `${lines.join('\n')}\n`;
  }

  const keyWidth = Math.max(5, ...stories.map((s) => s.key.length));
  lines.push('Pass rate per story (last execution)');
  for (const s of stories) {
    const last = s.trend.at(-1);
    const counts = last ? `${last.passed}/${last.total} passed` : '';
    lines.push(
      `  ${s.key.padEnd(keyWidth)}  ${bar(s.passRate)} ${pct(s.passRate).padStart(5)}  ${counts.padEnd(12)} ${day(s.lastRunAt)}  ${cut(one(s.summary), 60)}`,
    );
  }

  lines.push('', `Pass rate over time (${plural(overTime.length, 'execution')}, oldest first)`);
  for (const e of overTime)
    lines.push(
      `  ${day(e.at)}  ${bar(e.passRate)} ${pct(e.passRate).padStart(5)}  ${e.passed} passed, ${e.failed} failed of ${e.total}  ${one(e.id)}`,
    );

  lines.push('', 'Criteria coverage (covered criteria: passing / failing / never run)');
  for (const s of stories) {
    const c = s.coverage;
    lines.push(
      `  ${s.key.padEnd(keyWidth)}  ${String(c.covered).padStart(3)} covered: ${c.passing} passing, ${c.failing} failing, ${c.neverRun} never run  (${plural(s.cases, 'case')})`,
    );
  }

  lines.push('', ...defectLines(analytics));

  lines.push('', flaky.length ? 'Flaky cases (outcome changes along their history, or repeats that disagreed)' : 'Flaky cases: none');
  for (const f of flaky)
    lines.push(`  ${f.key.padEnd(keyWidth)}  ${plural(f.flips, 'change')}  ${cut(one(f.title), 60)}  (story ${f.story})`);

  if (analytics.truncated) lines.push('', 'More stories or defects exist than were read: narrow with --story.');
  return `${lines.join('\n')}\n`;
}

function defectLines(analytics: ExecutionAnalytics): string[] {
  const { stories, openDefects } = analytics;
  if (openDefects.length === 0) return ['Open defects: none'];
  const lines = [`Open defects per story (${openDefects.length} open)`];
  const byStory = new Map<string, typeof openDefects>();
  for (const d of openDefects) byStory.set(d.story ?? '(no story)', [...(byStory.get(d.story ?? '(no story)') ?? []), d]);
  const order = [...stories.map((s) => s.key), ...[...byStory.keys()].filter((k) => !stories.some((s) => s.key === k))];
  for (const story of order) {
    const bugs = byStory.get(story);
    if (!bugs) continue;
    lines.push(`  ${story}: ${bugs.length}`);
    for (const d of bugs) lines.push(`    ${d.key}  ${cut(one(d.summary), 70)}`);
  }
  return lines;
}
