/**
 * The Forge adapters over the real Forge SDKs (@forge/api requestJira, @forge/kvs,
 * @forge/events), with `__forge_fetch__` answered by the harness: Jira calls go to
 * the local Jira server, which grants only the scopes manifest.yml declares.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJiraClient, JiraError } from '@casewright/core';
import { startJiraServer, type JiraServer } from '../../test/servers/jira-server.js';
import { installForgeHarness, type ForgeHarness } from '../../test/servers/forge-harness.js';
import { manifestScopes } from '../../test/servers/manifest.js';
import { createForgeJiraTransport } from './forge-jira-transport.js';
import { createKvsKeyStore } from './kvs-key-store.js';
import { createAppStore } from './app-store.js';
import { createForgeJobQueue, GENERATION_QUEUE } from './generation-queue.js';

let jira: JiraServer;
let harness: ForgeHarness;

beforeAll(async () => {
  jira = await startJiraServer({ scopes: manifestScopes() });
  harness = installForgeHarness({ jiraUrl: jira.url });
});
afterAll(async () => {
  harness.uninstall();
  await jira.close();
});

describe('JiraTransport over requestJira', () => {
  it('reads and writes Jira as the user and as the app through @forge/api', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Coupons', acceptanceCriteria: 'AC-1 works' });
    const asUser = createJiraClient(createForgeJiraTransport('user'));
    const issue = await asUser.getIssue(story, { fields: ['summary', 'customfield_10050'], expand: ['names'] });
    expect(issue.fields.summary).toBe('Coupons');
    expect(issue.names?.customfield_10050).toBe('Acceptance criteria');
    const created = await asUser.createIssue(
      { project: { key: 'SHOP' }, issuetype: { name: 'Test' }, summary: 'case' },
      { properties: [{ key: 'casewright-case', value: { caseId: 'c1' } }] },
    );
    const asApp = createJiraClient(createForgeJiraTransport('app'));
    expect(await asApp.getProperty(created.key, 'casewright-case')).toEqual({ caseId: 'c1' });
    const found = await asApp.searchAll('issue.property[casewright-case].caseId = "c1"', { properties: ['casewright-case'] });
    expect(found.map((i) => i.key)).toEqual([created.key]);
    expect(harness.productCalls.map((c) => c.provider)).toEqual(expect.arrayContaining(['user', 'app']));
  });

  it('surfaces a call outside the manifest scopes as a 403 JiraError', async () => {
    // GET /rest/api/3/myself needs read:jira-user, which the app does not declare (it does not need it).
    const error = (await createJiraClient(createForgeJiraTransport('user'))
      .myself()
      .catch((e: unknown) => e)) as JiraError;
    expect(JiraError.isInstance(error)).toBe(true);
    expect(error.status).toBe(403);
    expect(error.message).toContain('read:jira-user');
  });
});

describe('KeyStore over @forge/kvs secrets', () => {
  it('keeps keys only as secrets and lists masked suffixes', async () => {
    const keys = createKvsKeyStore();
    await keys.set('openai', 'sk-test-1234567890abcd', 'org', 'default');
    expect(await keys.get('openai', 'org', 'default')).toBe('sk-test-1234567890abcd');
    expect(await keys.list('org', 'default')).toEqual([
      { provider: 'openai', scope: 'org', masked: '••••abcd', updatedAt: expect.any(String) },
    ]);
    expect([...harness.secrets.values()]).toContain('sk-test-1234567890abcd');
    expect(JSON.stringify([...harness.kvs.entries()])).not.toContain('sk-test-1234567890abcd');
    expect(await keys.delete('openai', 'org', 'default')).toBe(true);
    expect(await keys.get('openai', 'org', 'default')).toBeUndefined();
    expect(await keys.list('org', 'default')).toEqual([]);
  });

  it('stores settings with defaults, jobs, decisions and spend in KVS', async () => {
    const store = createAppStore();
    expect((await store.getSettings()).defaultModel).toBe('offline:rules');
    await store.addSpend('2026-11', 0.25);
    expect(await store.addSpend('2026-11', 0.5)).toBeCloseTo(0.75);
    await store.saveJob({
      jobId: 'j',
      story: 'SHOP-1',
      state: 'done',
      progress: 1,
      message: '',
      cases: [{ id: 'a' }, { id: 'b' }] as never,
      coverage: [],
    });
    await Promise.all([
      store.recordDecision({ jobId: 'j', caseId: 'a', decision: 'accepted', at: 'now' }),
      store.recordDecision({ jobId: 'j', caseId: 'b', decision: 'edited', at: 'now' }),
    ]);
    await store.recordDecision({ jobId: 'j', caseId: 'a', decision: 'rejected', at: 'later' });
    expect((await store.decisions('j')).map((d) => d.decision)).toEqual(['rejected', 'edited']);
  });
});

describe('JobQueue over @forge/events', () => {
  it('pushes a generation job onto the queue named in the manifest', async () => {
    await createForgeJobQueue().push({ jobId: 'x', story: 'SHOP-1' });
    expect(harness.queued.at(-1)).toMatchObject({ queueName: GENERATION_QUEUE, body: { jobId: 'x', story: 'SHOP-1' } });
  });
});
