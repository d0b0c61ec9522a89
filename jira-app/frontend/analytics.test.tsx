/**
 * The project page's analytics render from executions stored on Jira: three executions are
 * recorded through core's `recordExecution` (the CLI's path) on the local Jira of the Forge
 * harness (the manifest's scopes and entity-property index), a bug is filed through
 * `fileDefect`, then the real @forge/react reconciler renders the page over the real resolvers
 * (one tree per test file: UI Kit has no unmount).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBridge, waitForText, findAll, type Bridge } from '../../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../../test/servers/forge-app.js';

const bridge: Bridge = installBridge();
let app: ForgeApp;

beforeAll(async () => {
  app = await startForgeApp();
});
afterAll(() => app.close());

describe('analytics from stored executions', () => {
  it('the project page charts pass rate over time and per story, coverage, open defects and flaky cases; the story resolver answers the same story', async () => {
    const core = await import('@casewright/core');
    const { buildManualCase } = await import('@casewright/core/testing');
    const story = app.jira.addIssue({
      project: 'SHOP',
      summary: 'Gift cards',
      acceptanceCriteria: '- Pays part\n- Used card is empty\n- Expires',
    });
    const other = app.jira.addIssue({ project: 'SHOP', summary: 'Refunds', acceptanceCriteria: '- Refund to card' });
    const panel = (key: string) => ({ accountId: 'u', extension: { type: 'jira:issuePanel', issue: { key }, project: { key: 'SHOP' } } });
    const save = async (key: string, cases: ReturnType<typeof buildManualCase>[]) => {
      const saved = await app.call<{ ok: boolean; data: Array<{ key: string }> }>('saveCases', { cases }, panel(key));
      expect(saved.ok).toBe(true);
      return saved.data.map((d) => d.key);
    };
    const gift = [
      buildManualCase({ title: 'Gift card pays part', covers: ['AC-1'] }),
      buildManualCase({ title: 'Used card is empty', covers: ['AC-2'] }),
      buildManualCase({ title: 'Card expires', covers: ['AC-3'] }),
    ];
    const refund = [buildManualCase({ title: 'Refund to card', covers: ['AC-1'] })];
    const giftKeys = await save(story, gift);
    const refundKeys = await save(other, refund);

    const ws = await core.openWorkspace({
      cwd: mkdtempSync(path.join(tmpdir(), 'cw-analytics-')),
      config: {},
      env: {},
      jiraTransport: core.createRestJiraTransport({ baseUrl: app.jira.url, email: 'ci@example.com', apiToken: 'not-checked-here' }),
    });
    const record = (n: number, outcomes: Array<'passed' | 'failed' | 'skipped'>) => {
      const cases = [
        ...gift.map((c, i) => ({ c, key: giftKeys[i]!, story })),
        ...refund.map((c, i) => ({ c, key: refundKeys[i]!, story: other })),
      ].map(({ c, key, story: s }, i) => ({
        caseId: c.id,
        title: c.title,
        kind: 'manual' as const,
        jiraKey: key,
        story: s,
        outcome: outcomes[i]!,
        durationMs: 1000,
      }));
      const at = `2026-11-2${n}T10:00:00.000Z`;
      return core.executions.recordExecution(ws, {
        schemaVersion: 1,
        id: `exec-${n}`,
        source: 'manual',
        startedAt: at,
        finishedAt: at,
        durationMs: 4000,
        cost: 0,
        summary: core.executions.summarizeExecution(cases),
        cases,
      });
    };
    await record(1, ['passed', 'passed', 'skipped', 'passed']);
    await record(2, ['failed', 'passed', 'skipped', 'passed']);
    const third = await record(3, ['passed', 'failed', 'skipped', 'passed']);
    expect(third.recorded).toHaveLength(4);
    await core.fileDefect(await ws.jira(), {
      caseId: gift[1]!.id,
      projectKey: 'SHOP',
      summary: 'Failed: Used card is empty',
      description: core.adf.doc([core.adf.p('The balance is still shown.')]),
      story,
      caseKey: giftKeys[1],
    });

    const mark = app.jira.calls.length;
    const { ForgeReconciler } = await import('./render.js');
    const { ProjectPage } = await import('./project-page.js');
    const { callResolver } = await import('../forge-adapters/browser.js');
    bridge.connect(app.handler as never, { accountId: 'u', extension: { type: 'jira:projectPage', project: { key: 'SHOP' } } });
    ForgeReconciler.render(<ProjectPage call={callResolver} />);
    const text = await waitForText(bridge, (t) => t.includes('Flaky cases'));
    expect(text).toContain('Last execution exec-3 (2026-11-23 10:00): 2 of 4 passed · 3 executions shown');

    const chart = (type: string, title: string) => {
      const found = findAll(bridge.doc, (n) => n.type === type && String(n.props.title).startsWith(title));
      expect(found, `${type} ${title}`).toHaveLength(1);
      return found[0]!.props as { data: Array<Record<string, unknown>> };
    };
    // Over time: every case of both stories, per execution (skipped cases do not count).
    expect(chart('LineChart', 'Pass rate over time').data).toEqual([
      { at: '2026-11-21 10:00', rate: 100, series: 'pass rate' },
      { at: '2026-11-22 10:00', rate: 67, series: 'pass rate' },
      { at: '2026-11-23 10:00', rate: 67, series: 'pass rate' },
    ]);
    expect(chart('BarChart', 'Pass rate per story').data).toEqual([
      { story, rate: 50 },
      { story: other, rate: 100 },
    ]);
    expect(chart('StackBarChart', 'Criteria coverage').data).toEqual([
      { story, state: 'passing', criteria: 1 },
      { story, state: 'failing', criteria: 1 },
      { story, state: 'never run', criteria: 1 },
      { story: other, state: 'passing', criteria: 1 },
      { story: other, state: 'failing', criteria: 0 },
      { story: other, state: 'never run', criteria: 0 },
    ]);
    expect(chart('BarChart', 'Open defects per story').data).toEqual([
      { story, defects: 1 },
      { story: other, defects: 0 },
    ]);
    // Both gift-card cases changed outcome along their history: flaky.
    const rows = findAll(bridge.doc, (n) => n.type === 'Row').map((r) => r.props.rowKey);
    expect(rows).toEqual(expect.arrayContaining([giftKeys[0], giftKeys[1]]));

    const storyView = await app.call<{
      ok: boolean;
      data: { stories: Array<{ key: string; trend: unknown[]; coverage: unknown }>; openDefects: unknown[] };
    }>('getStoryAnalytics', {}, panel(story));
    expect(storyView.ok).toBe(true);
    expect(storyView.data.stories.map((s) => s.key)).toEqual([story]);
    expect(storyView.data.stories[0]!.trend).toHaveLength(3);
    expect(storyView.data.stories[0]!.coverage).toMatchObject({ covered: 3, passing: 1, failing: 1, neverRun: 1 });
    expect(storyView.data.openDefects).toHaveLength(1);
    // The analytics read stories and defects by indexed JQL: no case issue is read one by one.
    const after = app.jira.calls.slice(mark);
    expect(after.filter((c) => c.template?.startsWith('/rest/api/3/issue/{issueIdOrKey}')).length).toBe(0);
    expect(after.some((c) => c.template === '/rest/api/3/search/jql')).toBe(true);
    // The story's bug is linked to it: the panel's linked cases still list only the cases, with their last run.
    const linked = await app.call<{ ok: boolean; data: Array<{ key: string; lastRun?: { outcome: string } }> }>(
      'listStoryCases',
      {},
      panel(story),
    );
    expect(linked.ok, JSON.stringify(linked)).toBe(true);
    expect(linked.data.map((c) => [c.key, c.lastRun?.outcome])).toEqual([
      [giftKeys[0], 'passed'],
      [giftKeys[1], 'failed'],
      [giftKeys[2], 'skipped'],
    ]);
  }, 90_000);
});
