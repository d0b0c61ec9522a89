/**
 * Jobs that survive, through the real @forge/react reconciler and the real resolvers,
 * consumers and Forge SDKs: a check of the job's progress that fails (the bridge drops
 * the call), a consumer Forge stops in the middle of a model call, a reload while a job
 * waits in the queue, and a save of 200 cases as a job with progress and bulk calls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_PROPERTY_KEY } from '@casewright/core';
import { buildManualCase } from '@casewright/core/testing';
import { installBridge, button, waitForText, textOf, type Bridge } from '../../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../../test/servers/forge-app.js';
import { startOpenAIServer, type LocalServer } from '../../test/servers/openai-server.js';
import type { JobSummaryView, JobView } from '../shared/api.js';

const bridge: Bridge = installBridge();
let app: ForgeApp;
let llm: LocalServer;
let render: (story: string, pollMs?: number) => Promise<void>;
const panel = (key: string) => ({ accountId: 'user-1', extension: { type: 'jira:issuePanel', issue: { key }, project: { key: 'SHOP' } } });
const admin = { accountId: 'admin-1', extension: { type: 'jira:adminPage' } };

beforeAll(async () => {
  app = await startForgeApp();
  llm = await startOpenAIServer({ slowMs: 120_000 });
  app.harness.route('llm.slow.test', llm.url);
  const { ForgeReconciler } = await import('./render.js');
  const { IssuePanel } = await import('./issue-panel.js');
  const { callResolver } = await import('../forge-adapters/browser.js');
  render = async (story, pollMs = 10) => {
    bridge.connect(app.handler as never, panel(story));
    ForgeReconciler.render(<IssuePanel call={callResolver} pollMs={pollMs} maxPollMs={200} />);
    await waitForText(bridge, (t) => t.includes('Acceptance criteria'));
  };
});
afterAll(async () => {
  await llm.close();
  await app.close();
});

const story = () =>
  app.jira.addIssue({
    project: 'SHOP',
    summary: 'Gift cards',
    acceptanceCriteria: '- A gift card pays part of an order\n- A used card has no balance',
  });
const click = (label: string, index = 0) => (button(bridge.doc, label, index).props.onClick as () => unknown)();

describe('generation jobs that survive', () => {
  it('keeps checking after failed checks, says so, and can be told to check again after it stopped', async () => {
    await render(story(), 100);
    bridge.failNext.set('getJob', 2);
    await click('Generate');
    const troubled = await waitForText(bridge, (t) => t.includes("Could not check the job's progress"));
    expect(troubled).toContain('(Could not reach the app. Reload the page and try again.). Trying again in');
    await waitForText(bridge, (t) => t.includes('Preview (2)'));
    expect(textOf(bridge.doc)).not.toContain("Could not check the job's progress");

    // Six failures in a row: it stops, says why, and offers to try again.
    await render(story(), 10);
    bridge.failNext.set('getJob', 6);
    await click('Generate');
    const stopped = await waitForText(bridge, (t) => t.includes("Stopped checking the job's progress"));
    expect(stopped).toContain('6 checks in a row failed; the last said: Could not reach the app.');
    expect(button(bridge.doc, 'Generate').props.isDisabled).toBe(false);
    await click('Try again');
    await waitForText(bridge, (t) => t.includes('Preview (2)'));
  }, 60_000);

  it('marks a job failed, with the reason, when Forge stopped its consumer mid-job', async () => {
    await app.call('setKey', { provider: 'openai-compatible', secret: 'sk-slow-0123456789' }, admin);
    const view = await app.call<{ ok: true; data: { settings: Record<string, unknown> } }>('getSettings', {}, admin);
    await app.harness.permissionBridge(
      '__permission__egressSet',
      {
        egresses: [
          { key: 'casewright-model-providers', description: 'x', configured: [{ domain: 'llm.slow.test', type: ['FETCH_BACKEND_SIDE'] }] },
        ],
      },
      true,
    );
    const saved = await app.call<{ ok: boolean }>(
      'saveSettings',
      {
        settings: {
          ...view.data.settings,
          allowedModels: ['openai-compatible:slow-model', 'offline:rules'],
          defaultModel: 'openai-compatible:slow-model',
          compatibleBaseUrl: 'https://llm.slow.test/v1',
          approvedHosts: ['llm.slow.test'],
        },
      },
      admin,
    );
    expect(saved.ok).toBe(true);
    llm.setScenario('slow');
    try {
      const key = story();
      await render(key);
      await click('Generate');
      await waitForText(bridge, (t) => t.includes('Asking openai-compatible:slow-model'));
      await new Promise<void>((resolve) => {
        const wait = () => (llm.requests.length > 0 ? resolve() : setTimeout(wait, 10));
        wait();
      });
      app.harness.kill('Forge stopped the function');
      // The job still says running; the panel keeps showing progress until the job is past the consumer's limit.
      const job = (await app.call<{ ok: true; data: JobSummaryView[] }>('listJobs', {}, panel(key))).data[0]!;
      expect(job.state).toBe('running');
      expect(button(bridge.doc, 'Generate').props.isDisabled).toBe(true);
      app.advance(17 * 60_000);
      const failed = await waitForText(bridge, (t) => t.includes('Generation failed'));
      expect(failed).toContain(
        'Generation stopped without finishing: the background job was still marked running 17 minutes after it started',
      );
      expect(failed).toContain('Forge stops it after 15');
      expect(button(bridge.doc, 'Generate').props.isDisabled).toBe(false);
      const stored = (await app.call<{ ok: true; data: JobView }>('getJob', { jobId: job.jobId }, panel(key))).data;
      expect(stored).toMatchObject({ state: 'failed', error: expect.stringContaining('crashed or was stopped') });
    } finally {
      llm.setScenario('ok');
      const view2 = await app.call<{ ok: true; data: { settings: Record<string, unknown> } }>('getSettings', {}, admin);
      await app.call(
        'saveSettings',
        { settings: { ...view2.data.settings, defaultModel: 'offline:rules', allowedModels: ['offline:rules'] } },
        admin,
      );
    }
  }, 60_000);

  it('picks up a job after a reload: waiting, then its preview with the review and cost', async () => {
    const key = story();
    await render(key);
    app.hold = true;
    try {
      await click('Generate');
      await waitForText(bridge, (t) => t.includes('Waiting to start'));
      // Reload: a new panel, nothing in React state.
      await render(key);
      await waitForText(bridge, (t) => t.includes('Waiting to start'));
      await app.deliver();
    } finally {
      app.hold = false;
    }
    await waitForText(bridge, (t) => t.includes('Preview (2)'));
    await click('Accept', 1);
    await waitForText(bridge, (t) => t.includes('Save to Jira (1)'));
    // The decision is kept in Forge storage (the click sends it on its way).
    while (![...app.harness.kvs.keys()].some((k) => k.startsWith('decision:'))) await new Promise((r) => setTimeout(r, 10));
    await render(key);
    const again = await waitForText(bridge, (t) => t.includes('Preview (2)') && t.includes('Save to Jira (1)'));
    expect(again).toContain('offline:rules · $0');
    expect(again).toContain('accepted');
  }, 60_000);
});

describe('saving as a job', () => {
  it('saves 200 cases in a job: the resolver only queues it, the consumer writes in bulk with progress', async () => {
    const key = story();
    const cases = Array.from({ length: 200 }, (_, i) => buildManualCase({ title: `Gift card case ${i + 1}`, covers: ['AC-1'] }));
    app.jira.setLatency(20); // Jira Cloud answers over the internet, not in a microsecond
    app.hold = true;
    try {
      const writes = () => app.jira.calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/search/jql')).length;
      const before = writes();
      const started = await app.call<{ ok: true; data: { jobId: string } }>('startSave', { cases }, panel(key));
      expect(started.ok).toBe(true);
      expect(writes()).toBe(before); // nothing written inside the 25 s a resolver has
      const jobId = started.data.jobId;
      expect((await app.call<{ ok: true; data: JobView }>('getJob', { jobId }, panel(key))).data).toMatchObject({
        state: 'queued',
        total: 200,
      });
      const bulk = app.jira.calls.length;
      await app.deliver();
      await app.idle();
      const done = (await app.call<{ ok: true; data: JobView }>('getJob', { jobId }, panel(key))).data;
      expect(done).toMatchObject({ state: 'done', done: 200, total: 200, message: '200 created, 0 updated, 0 unchanged' });
      expect(done.saved).toHaveLength(200);
      expect(app.jira.calls.slice(bulk).filter((c) => c.path === '/rest/api/3/issue/bulk')).toHaveLength(4);
      // Progress was there to see while it ran.
      const progress = app.harness.kvsLog.filter((w) => w.key === `job:${jobId}`).map((w) => (w.value as JobView).done);
      expect(progress).toEqual(expect.arrayContaining([0, 50, 100, 150, 200]));
      expect(
        [...app.jira.issues.values()].filter((i) => (i.properties.get(CASE_PROPERTY_KEY) as { story?: string })?.story === key),
      ).toHaveLength(200);
    } finally {
      app.hold = false;
      app.jira.setLatency(0);
    }
    // The panel shows the finished save after a reload.
    await render(key);
    await waitForText(bridge, (t) => t.includes('200 created, 0 updated, 0 unchanged'));
  }, 60_000);
});
