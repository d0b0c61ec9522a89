/**
 * The core Jira client over the REST transport (got, basic auth) against the
 * local Jira server, which answers in the shapes of the Jira Cloud platform REST
 * v3 docs (https://developer.atlassian.com/cloud/jira/platform/rest/v3/).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJiraClient, createRestJiraTransport, JiraError, withJiraRetry, type JiraClient } from '@casewright/core';
import { startJiraServer, type JiraServer } from './servers/jira-server.js';

const auth = { email: 'mia@example.com', apiToken: 'ATATT3xFfGF0-secret-token-value' };
let jira: JiraServer;
let client: JiraClient;

beforeAll(async () => {
  jira = await startJiraServer({ basicAuth: auth });
  client = createJiraClient(createRestJiraTransport({ baseUrl: jira.url, ...auth }));
});
afterAll(() => jira.close());

describe('jira client over REST', () => {
  it('reads a story with field names (expand=names) so the acceptance-criteria field can be found by name', async () => {
    const key = jira.addIssue({ project: 'SHOP', summary: 'Coupons at checkout', acceptanceCriteria: 'AC-1 valid coupon' });
    const issue = await client.getIssue(key, { fields: ['summary', 'customfield_10050'], expand: ['names'] });
    expect(issue.key).toBe(key);
    expect(issue.fields.summary).toBe('Coupons at checkout');
    expect(issue.names?.customfield_10050).toBe('Acceptance criteria');
  });

  it('pages through POST /rest/api/3/search/jql with nextPageToken until the last page', async () => {
    for (let i = 0; i < 7; i++) jira.addIssue({ project: 'SHOP', issueType: 'Task', summary: `Paging task ${i}` });
    const before = jira.calls.length;
    const found = await client.searchAll('project = SHOP AND issuetype = Task AND summary ~ "Paging task"', { pageSize: 3 });
    expect(found.map((i) => i.fields.summary)).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Paging task ${i}`));
    const searchCalls = jira.calls.slice(before).filter((c) => c.template === '/rest/api/3/search/jql');
    expect(searchCalls).toHaveLength(3);
    // limit stops early
    expect(await client.searchAll('project = SHOP AND issuetype = Task', { pageSize: 2, limit: 3 })).toHaveLength(3);
  });

  it('creates, updates, links issues and reads back entity properties', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Story' });
    const created = await client.createIssue({ project: { key: 'SHOP' }, issuetype: { name: 'Test' }, summary: 'A case' });
    await client.updateIssue(created.key, { summary: 'A better case' });
    await client.linkIssues({ type: 'Relates', inwardKey: created.key, outwardKey: story });
    expect(await client.getProperty(created.key, 'casewright-case')).toBeUndefined();
    await client.setProperty(created.key, 'casewright-case', { caseId: 'x', version: 2 });
    expect(await client.getProperty(created.key, 'casewright-case')).toEqual({ caseId: 'x', version: 2 });
    const got = await client.getIssue(story, { fields: ['issuelinks'] });
    expect(JSON.stringify(got.fields.issuelinks)).toContain(created.key);
    const byProperty = await client.searchAll('issue.property[casewright-case].caseId = "x"', { properties: ['casewright-case'] });
    expect(byProperty.map((i) => [i.key, i.properties?.['casewright-case']])).toEqual([[created.key, { caseId: 'x', version: 2 }]]);
  });

  it('attaches files as multipart/form-data (field `file`, X-Atlassian-Token: no-check) and reads them back', async () => {
    // "Add attachment": https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-attachments/#api-rest-api-3-issue-issueidorkey-attachments-post
    const key = jira.addIssue({ project: 'SHOP', issueType: 'Bug', summary: 'Checkout fails' });
    const text = 'user: 20 € off?\nassistant: ✓ applied\n';
    const added = await client.addAttachment(key, 'transcript-SHOP-9.txt', text);
    expect(added).toEqual([expect.objectContaining({ filename: 'transcript-SHOP-9.txt', size: Buffer.byteLength(text) })]);
    const bytes = new Uint8Array([0, 255, 1, 254, 10, 13]);
    await client.addAttachment(key, 'dump.bin', bytes, 'application/octet-stream');
    const issue = await client.getIssue(key, { fields: ['attachment'] });
    const files = issue.fields.attachment as Array<{ filename: string; mimeType: string; content: string }>;
    expect(files.map((f) => [f.filename, f.mimeType])).toEqual([
      ['transcript-SHOP-9.txt', 'text/plain'],
      ['dump.bin', 'application/octet-stream'],
    ]);
    const headers = { authorization: `Basic ${Buffer.from(`${auth.email}:${auth.apiToken}`).toString('base64')}` };
    expect(await (await fetch(files[0]!.content, { headers })).text()).toBe(text);
    expect(new Uint8Array(await (await fetch(files[1]!.content, { headers })).arrayBuffer())).toEqual(bytes);
    // Without the header Jira blocks the request (XSRF check), as the operation's description says.
    const form = new FormData();
    form.append('file', new Blob(['x']), 'x.txt');
    const blocked = await fetch(`${jira.url}/rest/api/3/issue/${key}/attachments`, { method: 'POST', headers, body: form });
    expect(blocked.status).toBe(403);
    await expect(client.addAttachment('SHOP-99999', 'a.txt', 'a')).rejects.toMatchObject({ status: 404 });
  });

  it('reads and writes a project entity property', async () => {
    // https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-project-properties/
    expect(await client.getProjectProperty('SHOP', 'casewright.settings')).toBeUndefined();
    await client.setProjectProperty('SHOP', 'casewright.settings', { executionIssueType: 'Task' });
    expect(await client.getProjectProperty('SHOP', 'casewright.settings')).toEqual({ executionIssueType: 'Task' });
    // Jira answers 404 for a project you may not see as for a property that is not set: both read as "not set".
    expect(await client.getProjectProperty('NOPE', 'casewright.settings')).toBeUndefined();
  });

  it('reads project issue types, link types, the current user and permissions', async () => {
    expect((await client.getProject('SHOP')).issueTypes.map((t) => t.name)).toContain('Test');
    expect((await client.getLinkTypes()).map((t) => t.name)).toContain('Relates');
    expect((await client.myself()).emailAddress).toBe(auth.email);
    expect(await client.hasPermissions(['ADMINISTER'])).toEqual({ ADMINISTER: true });
  });

  it("turns Jira error bodies into JiraError with Jira's messages", async () => {
    const error = await client
      .createIssue({ project: { key: 'SHOP' }, issuetype: { name: 'Test' }, summary: ' ' })
      .catch((e: unknown) => e);
    expect(JiraError.isInstance(error)).toBe(true);
    expect((error as JiraError).status).toBe(400);
    expect((error as Error).message).toContain('summary: You must specify a summary');
    const missing = await client.getIssue('SHOP-999').catch((e: unknown) => e);
    expect((missing as JiraError).code).toBe('JIRA_NOT_FOUND');
  });

  it('never puts the API token in an error, even on a bad token or an unreachable site', async () => {
    const bad = createJiraClient(createRestJiraTransport({ baseUrl: jira.url, email: auth.email, apiToken: 'wrong-token-123456' }));
    const e1 = (await bad.myself().catch((e: unknown) => e)) as JiraError;
    expect(e1.code).toBe('JIRA_AUTH');
    const down = createJiraClient(createRestJiraTransport({ baseUrl: 'http://127.0.0.1:9', ...auth }));
    const e2 = (await down.myself().catch((e: unknown) => e)) as JiraError;
    expect(e2.status).toBe(0);
    for (const e of [e1, e2]) {
      const dump = JSON.stringify(e, Object.getOwnPropertyNames(e)) + String(e.stack) + String((e as { cause?: unknown }).cause);
      expect(dump).not.toContain(auth.apiToken);
      expect(dump).not.toContain(Buffer.from(`${auth.email}:${auth.apiToken}`).toString('base64'));
      expect(dump).not.toContain('wrong-token-123456');
    }
  });
});

describe('rate limiting', () => {
  it('retries 429 after Retry-After with withJiraRetry, and reports it without', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Throttled' });
    const waits: number[] = [];
    const retrying = createJiraClient(
      withJiraRetry(createRestJiraTransport({ baseUrl: jira.url, ...auth }), { sleep: async (ms) => void waits.push(ms) }),
    );
    jira.throttleNext(2, 3);
    expect((await retrying.getIssue(story)).key).toBe(story);
    expect(waits).toEqual([3000, 3000]);
    jira.throttleNext(1, 1);
    const error = (await client.getIssue(story).catch((e: unknown) => e)) as JiraError;
    expect(error.status).toBe(429);
    jira.throttleNext(5, 0);
    const gaveUp = (await createJiraClient(
      withJiraRetry(createRestJiraTransport({ baseUrl: jira.url, ...auth }), { retries: 2, sleep: async () => {} }),
    )
      .getIssue(story)
      .catch((e: unknown) => e)) as JiraError;
    expect(gaveUp.status).toBe(429);
    jira.throttleNext(0, 0);
  });
});

describe('local Jira server', () => {
  it('refuses routes that are not in the OpenAPI document and calls outside the declared scopes', async () => {
    const scoped = await startJiraServer({ scopes: ['read:jira-work'] });
    try {
      const c = createJiraClient({
        request: async (r) => {
          const res = await fetch(`${scoped.url}${r.path}`, {
            method: r.method,
            headers: { 'content-type': 'application/json' },
            body: r.body === undefined ? undefined : JSON.stringify(r.body),
          });
          return { status: res.status, headers: {}, body: res.status === 204 || res.status === 201 ? undefined : await res.json() };
        },
      });
      const story = scoped.addIssue({ project: 'SHOP', summary: 'x' });
      await expect(c.getIssue(story)).resolves.toMatchObject({ key: story });
      const denied = (await c.updateIssue(story, { summary: 'y' }).catch((e: unknown) => e)) as JiraError;
      expect(denied.status).toBe(403);
      expect(denied.message).toContain('write:jira-work');
      const notARoute = await fetch(`${scoped.url}/rest/api/3/made-up`);
      expect(notARoute.status).toBe(404);
    } finally {
      await scoped.close();
    }
  });
});
