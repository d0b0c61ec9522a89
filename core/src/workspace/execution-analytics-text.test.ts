import { describe, expect, it } from 'vitest';
import type { ExecutionAnalytics } from './execution-analytics-job.js';
import { formatAnalytics } from './execution-analytics-text.js';

const coverage = (covered: number, passing: number, failing: number, neverRun: number) => ({
  covered,
  passing,
  failing,
  neverRun,
  criteria: {},
});

// Two stories as readExecutionAnalytics returns them after three CI executions.
const analytics: ExecutionAnalytics = {
  stories: [
    {
      key: 'SHOP-1',
      summary: 'Checkout with a saved card',
      passRate: 0.5,
      lastRunAt: '2026-11-27T10:00:00.000Z',
      cases: 2,
      coverage: coverage(3, 1, 1, 1),
      trend: [
        { id: 'gha-1-1', at: '2026-11-26T10:00:00.000Z', passRate: 1, passed: 2, failed: 0, total: 2 },
        { id: 'gha-2-1', at: '2026-11-27T10:00:00.000Z', passRate: 0.5, passed: 1, failed: 1, total: 2 },
      ],
      flaky: [{ key: 'SHOP-3', title: 'Says goodbye', flips: 2 }],
      openDefects: 1,
    },
    {
      key: 'SHOP-10',
      summary: 'Refunds\u001b[31m',
      passRate: 1,
      lastRunAt: '2026-11-27T09:00:00.000Z',
      cases: 1,
      coverage: coverage(1, 1, 0, 0),
      trend: [{ id: 'gha-2-1', at: '2026-11-27T09:00:00.000Z', passRate: 1, passed: 1, failed: 0, total: 1 }],
      flaky: [],
      openDefects: 0,
    },
  ],
  overTime: [
    { id: 'gha-1-1', at: '2026-11-26T10:00:00.000Z', passRate: 1, passed: 2, failed: 0, total: 2 },
    { id: 'gha-2-1', at: '2026-11-27T10:00:00.000Z', passRate: 0.667, passed: 2, failed: 1, total: 3 },
  ],
  flaky: [{ key: 'SHOP-3', title: 'Says goodbye', flips: 2, story: 'SHOP-1' }],
  openDefects: [{ key: 'SHOP-4', summary: 'Failed: Says goodbye', story: 'SHOP-1' }],
  truncated: false,
};

describe('executions.formatAnalytics', () => {
  it('shows pass rate per story and over time, coverage, open defects and flaky cases', () => {
    const text = formatAnalytics(analytics, { scope: 'project SHOP' });
    const lines = text.split('\n');
    expect(lines[0]).toBe('Execution analytics of project SHOP');
    const row = (start: string) => lines.find((l) => l.trimStart().startsWith(start));
    // Pass rate per story: the last execution's rate and counts.
    expect(row('SHOP-1 ')).toMatch(/SHOP-1 +█████░░░░░ +50 % +1\/2 passed +2026-11-27 10:00 +Checkout with a saved card/);
    expect(row('SHOP-10')).toMatch(/SHOP-10 +██████████ +100 % +1\/1 passed/);
    // Over time: the merged executions, oldest first.
    const over = lines.slice(lines.indexOf('Pass rate over time (2 executions, oldest first)') + 1);
    expect(over[0]).toMatch(/2026-11-26 10:00 .* 100 % +2 passed, 0 failed of 2 +gha-1-1/);
    expect(over[1]).toMatch(/2026-11-27 10:00 .* 67 % +2 passed, 1 failed of 3 +gha-2-1/);
    expect(text).toMatch(
      /\n {2}SHOP-1 +3 covered: 1 passing, 1 failing, 1 never run {2}\(2 cases\)\n {2}SHOP-10 +1 covered: 1 passing, 0 failing, 0 never run {2}\(1 case\)\n/,
    );
    expect(text).toContain('Open defects per story (1 open)\n  SHOP-1: 1\n    SHOP-4  Failed: Says goodbye');
    expect(text).toMatch(/SHOP-3 +2 changes +Says goodbye +\(story SHOP-1\)/);
    // Jira's text is shown, not interpreted.
    expect(text).not.toContain('\u001b');
  });

  it('says how executions get there when none are recorded, and when the numbers are partial', () => {
    const empty = formatAnalytics({ stories: [], overTime: [], flaky: [], openDefects: [], truncated: false }, { scope: 'story SHOP-7' });
    expect(empty).toContain('No recorded executions yet: `casewright run --jira`');
    expect(formatAnalytics({ ...analytics, truncated: true })).toContain('More stories or defects exist than were read');
    expect(formatAnalytics({ ...analytics, flaky: [] })).toContain('Flaky cases: none');
  });
});
