// The extension's Jira transport (fetch + API token) against the local Jira server, which
// answers only routes and shapes of the Jira Cloud platform REST v3 OpenAPI document
// (https://developer.atlassian.com/cloud/jira/platform/rest/v3/), with core's Jira client on top.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJiraClient } from '@casewright/core';
import { createJiraRestTransport } from '../vscode-extension/src/adapters/jira-rest-transport.js';
import { startJiraServer, type JiraServer } from './servers/jira-server.js';

let jira: JiraServer;

beforeAll(async () => {
  jira = await startJiraServer({
    basicAuth: { email: 'qa@example.com', apiToken: 'tok-123456789' },
    projects: [{ key: 'SHOP', issueTypes: ['Story', 'Bug', 'Test'] }],
  });
});
afterAll(async () => {
  await jira.close();
});

describe('createJiraRestTransport', () => {
  it('reads a story and files a bug through core’s Jira client', async () => {
    const key = jira.addIssue({ project: 'SHOP', issueType: 'Story', summary: 'Refunds within 30 days' });
    const client = createJiraClient(createJiraRestTransport({ site: jira.url + '/', email: 'qa@example.com', apiToken: 'tok-123456789' }));
    const story = await client.getIssue(key);
    expect(story.fields.summary).toBe('Refunds within 30 days');
    const bug = await client.createIssue({ project: { key: 'SHOP' }, summary: 'Failed: refund form', issuetype: { name: 'Bug' } });
    expect(jira.issues.get(bug.key)?.fields.summary).toBe('Failed: refund form');
  });

  it('returns 401 as data (the client turns it into an error) and never echoes the token', async () => {
    const transport = createJiraRestTransport({ site: jira.url, email: 'qa@example.com', apiToken: 'wrong-token-value' });
    const response = await transport.request({ method: 'GET', path: '/rest/api/3/myself' });
    expect(response.status).toBe(401);
    expect(JSON.stringify(response)).not.toContain('wrong-token-value');
    await expect(createJiraClient(transport).myself()).rejects.toThrow(/401/);
  });

  it('refuses a site that is not a URL', () => {
    expect(() => createJiraRestTransport({ site: 'acme.atlassian.net', email: 'a', apiToken: 'b' })).toThrow(/must be a URL/);
  });
});
