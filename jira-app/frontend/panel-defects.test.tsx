/**
 * "File a bug" in the story panel: a CI execution recorded through core's `recordExecution`
 * (the path of `casewright run --jira`) on the local Jira of the Forge harness (the manifest's
 * scopes and property index), then the real @forge/react reconciler renders the panel over the
 * real resolvers and a person clicks. One tree per test file (UI Kit has no unmount), so the
 * steps run in order.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBridge, waitForText, fire, button, findAll, textOf, type Bridge } from '../../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../../test/servers/forge-app.js';

const bridge: Bridge = installBridge();
let app: ForgeApp;

beforeAll(async () => {
  app = await startForgeApp();
});
afterAll(() => app.close());

/** The tree's text with each run of whitespace (between nodes too) as one space. */
const flat = (t: string) => t.replace(/\s+/g, ' ');
const bugsOf = (caseKey: string) =>
  [...app.jira.issues.values()].filter(
    (i) =>
      (i.fields.issuetype as { name: string }).name === 'Bug' && app.jira.links.some((l) => l.inward === i.key && l.outward === caseKey),
  );

describe('file a bug from the story panel', { shuffle: false }, () => {
  it('files a bug with steps, expected, actual and the execution, then reuses it, then files a new one once it is closed', async () => {
    const core = await import('@casewright/core');
    const { buildManualCase } = await import('@casewright/core/testing');
    const story = app.jira.addIssue({
      project: 'SHOP',
      summary: 'Gift cards',
      acceptanceCriteria: '- A gift card pays part of an order\n- A used card has no balance',
    });
    const panel = { accountId: 'u', extension: { type: 'jira:issuePanel', issue: { key: story }, project: { key: 'SHOP' } } };
    const cases = [
      buildManualCase({
        title: 'Used card is empty',
        covers: ['AC-2'],
        preconditions: ['A gift card of 20 EUR was used in full'],
        steps: [
          { action: 'Open the gift card page', expected: 'The card is listed' },
          { action: 'Look at the balance', expected: 'The balance is 0.00 EUR' },
        ],
      }),
      buildManualCase({ title: 'Gift card pays part', covers: ['AC-1'] }),
    ];
    const saved = await app.call<{ ok: boolean; data: Array<{ key: string }> }>('saveCases', { cases }, panel);
    expect(saved.ok).toBe(true);
    const [failingKey, passingKey] = saved.data.map((d) => d.key) as [string, string];

    const ws = await core.openWorkspace({
      cwd: mkdtempSync(path.join(tmpdir(), 'cw-defects-')),
      config: {},
      env: {},
      jiraTransport: core.createRestJiraTransport({ baseUrl: app.jira.url, email: 'ci@example.com', apiToken: 'not-checked-here' }),
    });
    const record = (id: string, at: string) => {
      const executed = [
        {
          caseId: cases[0]!.id,
          title: cases[0]!.title,
          kind: 'manual' as const,
          jiraKey: failingKey,
          story,
          outcome: 'failed' as const,
          reason: 'step 2 FAIL: the balance still shows 20.00 EUR',
          durationMs: 5000,
          steps: [
            { index: 1, status: 'PASS' as const },
            { index: 2, status: 'FAIL' as const, actual: 'the balance still shows 20.00 EUR' },
          ],
        },
        { caseId: cases[1]!.id, title: cases[1]!.title, kind: 'manual' as const, jiraKey: passingKey, story, outcome: 'passed' as const },
      ];
      return core.executions.recordExecution(ws, {
        schemaVersion: 1,
        id,
        source: 'ci',
        startedAt: at,
        finishedAt: at,
        durationMs: 6000,
        by: { name: 'octocat' },
        commit: '3f2a9c1d7e6b5a4f3e2d1c0b',
        branch: 'main',
        ci: { provider: 'github-actions', buildUrl: 'https://github.com/acme/shop/actions/runs/7001/attempts/1', runId: '7001' },
        cost: 0,
        summary: core.executions.summarizeExecution(executed),
        cases: executed,
      });
    };
    await record('gha-7001-1', '2026-11-20T10:00:00.000Z');

    const { ForgeReconciler } = await import('./render.js');
    const { IssuePanel } = await import('./issue-panel.js');
    const { callResolver } = await import('../forge-adapters/browser.js');
    bridge.connect(app.handler as never, panel);
    ForgeReconciler.render(<IssuePanel call={callResolver} pollMs={10} />);
    let text = flat(await waitForText(bridge, (t) => flat(t).includes('File a bug')));
    expect(text).toContain(`${failingKey} Used card is empty failed 2026-11-20 10:00 UTC · execution gha-7001-1`);
    expect(text).toContain('step 2 FAIL: the balance still shows 20.00 EUR');
    // Only the failed case is offered.
    expect(findAll(bridge.doc, (n) => n.type === 'Button' && textOf(n) === 'File a bug')).toHaveLength(1);

    // First click: a new bug, linked to the case and the story, with what a developer needs.
    await fire(button(bridge.doc, 'File a bug'), 'onClick');
    text = flat(await waitForText(bridge, (t) => flat(t).includes('Bug filed')));
    const [bug] = bugsOf(failingKey);
    expect(bug).toBeDefined();
    expect(text).toContain(`${bug!.key} filed for ${failingKey}, linked to the case and the story.`);
    expect(findAll(bridge.doc, (n) => n.type === 'Link' && n.props.href === `/browse/${bug!.key}`).length).toBeGreaterThan(0);
    expect(app.jira.links.filter((l) => l.inward === bug!.key).map((l) => l.outward)).toEqual(expect.arrayContaining([failingKey, story]));
    expect(bug!.fields.labels).toEqual(['casewright-defect']);
    expect(bug!.fields.summary).toBe('Failed: Used card is empty');
    const description = JSON.stringify(bug!.fields.description);
    for (const part of [
      'Steps to reproduce',
      'Preconditions: A gift card of 20 EUR was used in full',
      'Look at the balance',
      'FAIL',
      'Expected',
      'The balance is 0.00 EUR',
      'Actual',
      'failed: step 2 FAIL: the balance still shows 20.00 EUR',
      'Execution gha-7001-1 · ci · 2026-11-20T10:00:00.000Z · by octocat · commit 3f2a9c1d7e6b on main · https://github.com/acme/shop/actions/runs/7001/attempts/1',
    ])
      expect(description).toContain(part);
    text = flat(await waitForText(bridge, (t) => flat(t).includes(`already filed: ${bug!.key}`)));
    expect(text).toContain(`Add this failure to ${bug!.key}`);

    // Second click, same execution: the bug already has this failure; nothing is written.
    await fire(button(bridge.doc, `Add this failure to ${bug!.key}`), 'onClick');
    text = flat(await waitForText(bridge, (t) => flat(t).includes(`This failure is already added to ${bug!.key}`)));
    expect(text).toContain(`already added to ${bug!.key}: this execution's failure of ${failingKey} is on the bug; nothing was added.`);
    expect(bugsOf(failingKey)).toHaveLength(1);
    expect(bug!.comments).toHaveLength(0);
    await waitForText(bridge, (t) => flat(t).includes(`already filed: ${bug!.key} Add this failure to ${bug!.key}`));

    // It fails again in the next execution: the open bug gets a comment; no duplicate.
    await record('gha-7002-1', '2026-11-21T10:00:00.000Z');
    await fire(button(bridge.doc, `Add this failure to ${bug!.key}`), 'onClick');
    text = flat(await waitForText(bridge, (t) => flat(t).includes('Added to the open bug')));
    expect(text).toContain(`already filed for ${failingKey}: this failure was added as a comment.`);
    expect(bugsOf(failingKey)).toHaveLength(1);
    expect(bug!.comments).toHaveLength(1);
    expect(JSON.stringify(bug!.comments[0]!.body)).toContain('Failed again: Execution gha-7002-1');
    await waitForText(bridge, (t) => flat(t).includes(`already filed: ${bug!.key} Add this failure to ${bug!.key}`));
    // A second click on that execution: still one comment.
    await fire(button(bridge.doc, `Add this failure to ${bug!.key}`), 'onClick');
    await waitForText(bridge, (t) => flat(t).includes(`This failure is already added to ${bug!.key}`));
    expect(bug!.comments).toHaveLength(1);
    await waitForText(bridge, (t) => flat(t).includes(`already filed: ${bug!.key} Add this failure to ${bug!.key}`));

    // The bug is closed while the panel is open; the case fails again in the next execution:
    // the (stale) button files a new bug, not a comment on the closed one.
    app.jira.setStatus(bug!.key, 'Done', 'done');
    await record('gha-7003-1', '2026-11-22T10:00:00.000Z');
    await fire(button(bridge.doc, `Add this failure to ${bug!.key}`), 'onClick');
    text = flat(await waitForText(bridge, (t) => flat(t).includes('Bug filed')));
    const bugs = bugsOf(failingKey);
    expect(bugs).toHaveLength(2);
    const second = bugs.find((b) => b.key !== bug!.key)!;
    expect(JSON.stringify(second.fields.description)).toContain('Execution gha-7003-1');
    expect(bug!.comments).toHaveLength(1);
    flat(await waitForText(bridge, (t) => flat(t).includes(`already filed: ${second.key}`)));
  }, 120_000);

  it('refuses, with a safe message, a case that did not fail and a person Jira does not let create issues', async () => {
    const story = [...app.jira.issues.values()].find((i) => i.fields.summary === 'Gift cards')!.key;
    const panel = (accountId: string) => ({
      accountId,
      extension: { type: 'jira:issuePanel', issue: { key: story }, project: { key: 'SHOP' } },
    });
    const passing = [...app.jira.issues.values()].find((i) => i.fields.summary === 'Gift card pays part')!.key;
    const notFailed = await app.call<{ ok: boolean; error: { code: string; message: string } }>(
      'fileBug',
      { caseKey: passing },
      panel('u'),
    );
    expect(notFailed).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: `${passing} is not a failed test case of ${story}.` },
    });
    const failing = [...app.jira.issues.values()].find((i) => i.fields.summary === 'Used card is empty')!.key;
    // The open bug of the case takes a comment; a person without Add comments / Create issues is refused by Jira.
    app.jira.setUser('viewer', { projectPermissions: ['BROWSE_PROJECTS'] });
    for (const b of bugsOf(failing)) app.jira.setStatus(b.key, 'Done', 'done');
    const refused = await app.call<{ ok: boolean; error: { code: string; message: string } }>(
      'fileBug',
      { caseKey: failing },
      panel('viewer'),
    );
    expect(refused.ok).toBe(false);
    expect(refused.error.message).toContain('You do not have permission to create issues in this project.');
    expect(refused.error.message).not.toMatch(/at .+\.(ts|js):\d+|apiToken|Basic /);
    const bad = await app.call<{ ok: boolean; error: { code: string } }>('fileBug', { caseKey: 'SHOP-1" OR 1=1' }, panel('u'));
    expect(bad.error.code).toBe('INVALID_INPUT');
  }, 60_000);
});
