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
import { startOpenAIServer } from '../../test/servers/openai-server.js';
import { manifestConsumers } from '../../test/servers/manifest.js';

let jira: JiraServer;
let harness: ForgeHarness;

beforeAll(async () => {
  jira = await startJiraServer({ scopes: manifestScopes() });
  harness = installForgeHarness({
    jiraUrl: jira.url,
    consumerTimeouts: new Map([...manifestConsumers()].map(([q, c]) => [q, c.timeoutSeconds])),
  });
});
afterAll(async () => {
  harness.uninstall();
  await jira.close();
});

describe('JiraTransport over requestJira', () => {
  it('reads and writes Jira as the user and as the app through @forge/api', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Coupons', acceptanceCriteria: 'AC-1 works' });
    await harness.asResolver('test', 'user-1', async () => {
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
    });
    expect(harness.productCalls.map((c) => c.principal)).toEqual(expect.arrayContaining(['user:user-1', 'app']));
  });

  it('attaches a file through requestJira: the FormData goes as its multipart/form-data bytes with the boundary', async () => {
    const bug = jira.addIssue({ project: 'SHOP', issueType: 'Bug', summary: 'Fails' });
    await harness.asResolver('test', 'user-1', async () => {
      const asUser = createJiraClient(createForgeJiraTransport('user'));
      const added = await asUser.addAttachment(bug, 'execution-e1.json', '{"id":"e1","note":"größer ✓"}\n', 'application/json');
      expect(added).toEqual([expect.objectContaining({ filename: 'execution-e1.json' })]);
    });
    const [file] = jira.issues.get(bug)!.attachments;
    expect(file).toMatchObject({ filename: 'execution-e1.json', mimeType: 'application/json' });
    expect(file!.content.toString('utf8')).toBe('{"id":"e1","note":"größer ✓"}\n');
  });

  it('answers asUser with the person’s permissions and asApp with the app’s, and refuses asUser without a person', async () => {
    jira.setUser('viewer-1', { admin: false, projectPermissions: ['BROWSE_PROJECTS'] });
    const perms = ['ADMINISTER', 'CREATE_ISSUES'];
    const [asUser, asApp] = await harness.asResolver('test', 'viewer-1', () =>
      Promise.all([
        createJiraClient(createForgeJiraTransport('user')).hasPermissions(perms, 'SHOP'),
        createJiraClient(createForgeJiraTransport('app')).hasPermissions(perms, 'SHOP'),
      ]),
    );
    // An admin check made asApp would let everyone in: the local Jira answers the two differently.
    expect(asUser).toEqual({ ADMINISTER: false, CREATE_ISSUES: false });
    expect(asApp).toEqual({ ADMINISTER: true, CREATE_ISSUES: true });
    // A consumer runs without a person: asUser is refused there.
    const error = (await harness.asConsumer('generation-consumer', 900, () =>
      createJiraClient(createForgeJiraTransport('user'))
        .hasPermissions(['ADMINISTER'])
        .catch((e: unknown) => e),
    )) as JiraError;
    expect(error.status).toBe(401);
    expect(error.message).toContain('asUser() has no user');
  });

  it('surfaces a call outside the manifest scopes as a 403 JiraError', async () => {
    // GET /rest/api/3/myself needs read:jira-user, which the app does not declare (it does not need it).
    const error = (await harness.asResolver('test', 'user-1', () =>
      createJiraClient(createForgeJiraTransport('user'))
        .myself()
        .catch((e: unknown) => e),
    )) as JiraError;
    expect(JiraError.isInstance(error)).toBe(true);
    expect(error.status).toBe(403);
    expect(error.message).toContain('read:jira-user');
  });
});

describe('what Forge enforces around the code', () => {
  it('lets backend fetches reach only the manifest’s hosts and the ones an admin allowed, over HTTPS', async () => {
    const llm = await startOpenAIServer();
    try {
      harness.route('llm.acme.test', llm.url);
      harness.route('api.openai.com', llm.url);
      expect((await harness.fetch('https://api.openai.com/v1/models')).status).toBe(200);
      const blocked = await harness.fetch('https://llm.acme.test/v1/models');
      expect(blocked.status).toBe(403);
      expect(blocked.headers.get('forge-proxy-error')).toBe('REQUEST_EGRESS_ALLOWLIST_ERR');
      expect(await blocked.text()).toContain('URL not included in the external fetch backend permissions: https://llm.acme.test');
      // A wildcard never covers its parent domain.
      expect((await harness.fetch('https://openai.azure.com/openai')).status).toBe(403);
      expect((await harness.fetch(`${llm.url}/v1/models`)).status).toBe(400); // plain http
      // An admin confirms the host through @forge/bridge's permissions.egress.set.
      await expect(harness.permissionBridge('__permission__egressSet', group('llm.acme.test'), false)).rejects.toThrow(/administrator/);
      await harness.permissionBridge('__permission__egressSet', group('llm.acme.test'), true);
      expect((await harness.fetch('https://llm.acme.test/v1/models')).status).toBe(200);
    } finally {
      harness.egress.clear();
      await llm.close();
    }
  });

  it('stops a resolver after its time limit; the stopped invocation’s later calls never land', async () => {
    harness.resolverTimeoutMs = 100;
    try {
      let wrote = false;
      const late = harness.asResolver('slowResolver', 'user-1', async () => {
        await new Promise((r) => setTimeout(r, 200));
        await createAppStore().addSpend('1999-01', 1);
        wrote = true;
      });
      await expect(late).rejects.toThrow('Forge stopped the resolver slowResolver: it ran longer than 0.1 s');
      await new Promise((r) => setTimeout(r, 250));
      expect(wrote).toBe(false);
      expect(harness.kvs.has('spend:1999-01')).toBe(false);
    } finally {
      harness.resolverTimeoutMs = 25_000;
    }
  });

  it('refuses an event over 100 KB for a consumer that may run longer than 55 s', async () => {
    const big = { jobId: 'x', story: 'SHOP-1', blob: 'x'.repeat(110 * 1024) };
    await expect(createForgeJobQueue().push(big)).rejects.toThrow();
  });
});

function group(domain: string) {
  return {
    egresses: [
      { key: 'casewright-model-providers', description: 'Model providers', configured: [{ domain, type: ['FETCH_BACKEND_SIDE'] }] },
    ],
  };
}

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
      kind: 'generate',
      story: 'SHOP-1',
      createdAt: '2026-11-20T10:00:00.000Z',
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

  it("lists a story's jobs newest first, with state, cost, when and by whom, over Forge KVS queries", async () => {
    const store = createAppStore();
    for (const [i, state] of (['done', 'failed', 'running'] as const).entries()) {
      await store.saveJob({
        jobId: `00000000-0000-4000-8000-00000000000${i}`,
        kind: i === 1 ? 'save' : 'generate',
        story: 'SHOP-7',
        createdAt: `2026-11-2${i}T10:00:00.000Z`,
        accountId: `user-${i}`,
        state,
        progress: state === 'running' ? 0.4 : 1,
        message: state,
        cases: [],
        coverage: [],
        costUsd: i / 100,
        total: 3,
      });
    }
    await store.saveJob({
      jobId: 'other',
      kind: 'generate',
      story: 'SHOP-70',
      createdAt: '2026-11-29T00:00:00.000Z',
      state: 'done',
      progress: 1,
      message: '',
      cases: [],
      coverage: [],
    });
    const jobs = await store.listJobs('SHOP-7');
    expect(jobs.map((j) => [j.state, j.kind, j.accountId, j.costUsd])).toEqual([
      ['running', 'generate', 'user-2', 0.02],
      ['failed', 'save', 'user-1', 0.01],
      ['done', 'generate', 'user-0', 0],
    ]);
  });

  it('keeps 200 cases to save in chunks under the 240 KiB a KVS value may hold', async () => {
    const store = createAppStore();
    const cases = Array.from({ length: 200 }, (_, i) => ({ id: i, text: 'x'.repeat(3000) }));
    const chunks = await store.putSaveInput('big', cases);
    expect(chunks).toBeGreaterThan(2);
    expect(await store.getSaveInput('big')).toEqual(cases);
    await store.appendSaveOutput('big', cases.slice(0, 120));
    await store.appendSaveOutput('big', cases.slice(120));
    expect(await store.getSaveOutput('big')).toEqual(cases);
  });
});

describe('JobQueue over @forge/events', () => {
  it('pushes a generation job onto the queue named in the manifest', async () => {
    await createForgeJobQueue().push({ jobId: 'x', story: 'SHOP-1' });
    expect(harness.queued.at(-1)).toMatchObject({ queueName: GENERATION_QUEUE, body: { jobId: 'x', story: 'SHOP-1' } });
  });
});
