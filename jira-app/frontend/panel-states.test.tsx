/**
 * Error and permission states of the UI Kit pages, rendered by the real
 * @forge/react reconciler over the real resolvers (one tree per test file: UI Kit
 * has no unmount).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBridge, waitForText, findAll, fire, byName, button, type Bridge } from '../../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../../test/servers/forge-app.js';

const bridge: Bridge = installBridge();
let app: ForgeApp;

beforeAll(async () => {
  app = await startForgeApp();
});
afterAll(() => app.close());

describe('issue panel errors', () => {
  it('shows an error message (not a stack) when the story cannot be read', async () => {
    const { ForgeReconciler } = await import('./render.js');
    const { IssuePanel } = await import('./issue-panel.js');
    const { callResolver } = await import('../forge-adapters/browser.js');
    bridge.connect(app.handler as never, {
      accountId: 'user-1',
      extension: { type: 'jira:issuePanel', issue: { key: 'SHOP-999' }, project: { key: 'SHOP' } },
    });
    ForgeReconciler.render(<IssuePanel call={callResolver} pollMs={10} />);
    const text = await waitForText(bridge, (t) => t.includes('Could not load the story'));
    expect(text).toContain('Issue does not exist or you do not have permission to see it.');
    expect(text).toContain('Try again');
    expect(text).not.toMatch(/at .+\.(ts|js):\d+/);
  }, 60_000);
});

describe('project page and suspect cases', () => {
  it("lists the project's cases with coverage per story, filters by last result, and marks cases suspect after the criteria change", async () => {
    const { RUN_PROPERTY_KEY } = await import('@casewright/core');
    const { buildManualCase } = await import('@casewright/core/testing');
    const story = app.jira.addIssue({
      project: 'SHOP',
      summary: 'Gift cards',
      acceptanceCriteria: '- A gift card pays part of an order\n- A used card has no balance',
    });
    const panel = { accountId: 'u', extension: { type: 'jira:issuePanel', issue: { key: story }, project: { key: 'SHOP' } } };
    const call = (functionKey: string, payload: unknown, context: object) =>
      app.handler({ call: { functionKey, payload }, context } as never, { principal: { accountId: 'u' } } as never) as Promise<{
        ok: boolean;
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        data: any;
      }>;
    const cases = [
      buildManualCase({ title: 'Gift card pays part', covers: ['AC-1'] }),
      buildManualCase({ title: 'Used card is empty', covers: ['AC-2'], priority: 'high' }),
    ];
    const saved = await call('saveCases', { cases }, panel);
    expect(saved.ok).toBe(true);
    const failedKey = saved.data[1].key as string;
    app.jira.issues.get(failedKey)!.properties.set(RUN_PROPERTY_KEY, { outcome: 'failed', runAt: '2026-11-20T10:00:00Z' });

    const { ForgeReconciler } = await import('./render.js');
    const { ProjectPage } = await import('./project-page.js');
    const { callResolver } = await import('../forge-adapters/browser.js');
    bridge.connect(app.handler as never, { accountId: 'u', extension: { type: 'jira:projectPage', project: { key: 'SHOP' } } });
    ForgeReconciler.render(<ProjectPage call={callResolver} />);
    const text = await waitForText(bridge, (t) => t.includes('Coverage of stories'));
    expect(text).toContain(`${story}\n2 cases · covers AC-1, AC-2`);
    expect(text).toContain('1 failed');
    // @forge/react turns DynamicTable rows into Row nodes carrying their key as `rowKey`.
    const rowKeys = () => findAll(bridge.doc, (n) => n.type === 'Row').map((r) => r.props.rowKey);
    expect(rowKeys()).toHaveLength(2);

    await fire(byName(bridge.doc, 'Select', 'lastResult'), 'onChange', { value: 'failed' });
    await fire(button(bridge.doc, 'Search'), 'onClick');
    await waitForText(bridge, (t) => t.includes('Test cases (1)'));
    expect(rowKeys()).toEqual([failedKey]);

    // The story's criteria change: its saved cases are now suspect.
    const before = await call('listStoryCases', {}, panel);
    expect(before.data.map((c: { suspect: boolean }) => c.suspect)).toEqual([false, false]);
    app.jira.editIssue(story, {
      customfield_10050: '- A gift card pays part of an order\n- A used card has no balance\n- Cards expire after a year',
    });
    const after = await call('listStoryCases', {}, panel);
    expect(after.data.map((c: { suspect: boolean }) => c.suspect)).toEqual([true, true]);
    expect(after.data.find((c: { key: string }) => c.key === failedKey).lastRun).toEqual({
      outcome: 'failed',
      runAt: '2026-11-20T10:00:00Z',
    });
  }, 60_000);
});

describe('a large project', () => {
  it('says the list is incomplete when the project has more cases than it reads, whatever the filter keeps', async () => {
    const { RUN_PROPERTY_KEY } = await import('@casewright/core');
    const { buildManualCase } = await import('@casewright/core/testing');
    const { seedCaseIssue } = await import('../../test/servers/jira-cases.js');
    const big = await startForgeApp({ jira: { projects: [{ key: 'BIG', issueTypes: ['Story', 'Test'] }] } });
    try {
      for (let i = 0; i < 502; i++) {
        const tc = buildManualCase({ title: `Case ${i}` });
        const key = seedCaseIssue(big.jira, tc, { project: 'BIG', issueType: 'Test', story: 'BIG-9999' });
        const issue = big.jira.issues.get(key)!;
        // Only the last one failed: it is beyond the 500 the page reads.
        if (i === 501) issue.properties.set(RUN_PROPERTY_KEY, { outcome: 'failed', runAt: '2026-11-20T10:00:00Z' });
      }
      const r = await big.call<{ ok: true; data: { cases: unknown[]; truncated: boolean } }>(
        'listProjectCases',
        { lastResult: 'failed' },
        { accountId: 'u', extension: { type: 'jira:projectPage', project: { key: 'BIG' } } },
      );
      expect(r.data.cases).toHaveLength(0);
      expect(r.data.truncated).toBe(true);
    } finally {
      await big.close();
      big.harness.uninstall(); // back to this file's app
    }
  }, 60_000);
});
