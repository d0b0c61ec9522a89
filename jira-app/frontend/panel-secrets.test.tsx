/**
 * A Jira message that echoes one of the org's provider keys (a proxy's error page, a field
 * value Jira repeats) reaches the browser masked: the panel over the real resolvers and the
 * Forge harness's local Jira, rendered by the real @forge/react reconciler (one tree per
 * test file: UI Kit has no unmount).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBridge, waitForText, type Bridge } from '../../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../../test/servers/forge-app.js';

const bridge: Bridge = installBridge();
let app: ForgeApp;
const KEY = 'sk-proj-0123456789abcdefSECRET';
const admin = { accountId: 'admin-1', extension: { type: 'jira:adminPage' } };

beforeAll(async () => {
  app = await startForgeApp();
});
afterAll(() => app.close());

describe('secrets in messages', { shuffle: false }, () => {
  it('shows a Jira error that echoes a stored key with the key masked', async () => {
    const saved = await app.call<{ ok: boolean }>('setKey', { provider: 'openai', secret: KEY }, admin);
    expect(saved.ok).toBe(true);
    const story = app.jira.addIssue({ project: 'SHOP', summary: 'Gift cards', acceptanceCriteria: '- A gift card pays part of an order' });
    app.jira.failNext(400, [`Invalid header value: Authorization: Bearer ${KEY}`], `/rest/api/3/issue/${story}`);
    const { ForgeReconciler } = await import('./render.js');
    const { IssuePanel } = await import('./issue-panel.js');
    const { callResolver } = await import('../forge-adapters/browser.js');
    bridge.connect(app.handler as never, {
      accountId: 'user-1',
      extension: { type: 'jira:issuePanel', issue: { key: story }, project: { key: 'SHOP' } },
    });
    ForgeReconciler.render(<IssuePanel call={callResolver} pollMs={10} />);
    const text = await waitForText(bridge, (t) => t.includes('Could not load the story'));
    expect(text).toContain('Invalid header value: Authorization: Bearer ***');
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(KEY.slice(0, 16));
  }, 60_000);

  it('keeps a generation job that failed on such a message with the key masked, in KVS and in getJob', async () => {
    const story = app.jira.addIssue({ project: 'SHOP', summary: 'Refunds', acceptanceCriteria: '- A refund goes back to the card' });
    const panel = { accountId: 'user-1', extension: { type: 'jira:issuePanel', issue: { key: story }, project: { key: 'SHOP' } } };
    app.hold = true;
    const started = await app.call<{ ok: boolean; data: { jobId: string } }>('startGeneration', { count: 2 }, panel);
    expect(started.ok).toBe(true);
    // The consumer reads the story again as the app: this time Jira (or a proxy) refuses, echoing the key.
    app.jira.failNext(400, [`Invalid header value: Authorization: Bearer ${KEY}`], `/rest/api/3/issue/${story}`);
    app.hold = false;
    await app.deliver();
    await app.idle();
    const stored = await app.deps.store.getJob(started.data.jobId);
    expect(stored?.state).toBe('failed');
    expect(stored?.error).toContain('Bearer ***');
    expect(JSON.stringify(stored)).not.toContain(KEY);
    const job = await app.call<{ ok: boolean; data: { state: string; error?: string } }>('getJob', { jobId: started.data.jobId }, panel);
    expect(job.data.state).toBe('failed');
    expect(job.data.error).toContain('Bearer ***');
  }, 60_000);
});
