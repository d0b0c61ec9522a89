// Defects from failed cases, one open bug per case, against the local Jira server (Jira
// Cloud REST v3 shapes: Issues, Issue search, Issue comments, Issue links, Issue properties).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adf, createJiraClient, createRestJiraTransport, fileDefect, type JiraClient } from '@casewright/core';
import { startJiraServer, type JiraServer } from './servers/jira-server.js';

const auth = { email: 'qa@example.com', apiToken: 'jira-token-123456' };
let jira: JiraServer;
let client: JiraClient;

beforeAll(async () => {
  jira = await startJiraServer({ basicAuth: auth });
  client = createJiraClient(createRestJiraTransport({ baseUrl: jira.url, ...auth }));
});
afterAll(() => jira.close());

const CASE = '3C9F6F85-7031-4D1B-8C4F-4E5F60718293';

describe('fileDefect', () => {
  it('files one bug per case: the next failure comments on it, and a closed bug makes way for a new one', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Refunds from the orders page' });
    const caseKey = jira.addIssue({ project: 'SHOP', issueType: 'Test', summary: 'Refund form is reachable' });
    const input = {
      caseId: CASE,
      projectKey: 'SHOP',
      story,
      caseKey,
      summary: 'Failed: Refund form is reachable',
      description: adf.doc([adf.p('Step 2 failed: the form did not open.')]),
      comment: adf.doc([adf.p('Failed again: a 500 page.')]),
    };
    const first = await fileDefect(client, input);
    expect(first.created).toBe(true);
    const bug = jira.issues.get(first.key)!;
    expect([bug.fields.summary, (bug.fields.issuetype as { name: string }).name, bug.fields.labels]).toEqual([
      'Failed: Refund form is reachable',
      'Bug',
      ['casewright-defect'],
    ]);
    expect(bug.properties.get('casewright.defect')).toEqual({ caseId: CASE.toLowerCase(), story }); // the story: open defects per story (indexed)
    expect(jira.links.filter((l) => l.inward === first.key).map((l) => [l.type, l.outward])).toEqual([
      ['Relates', story],
      ['Relates', caseKey],
    ]);

    const second = await fileDefect(client, input);
    expect(second).toEqual({ key: first.key, created: false });
    expect(bug.comments.map((c) => JSON.stringify(c.body))).toEqual([JSON.stringify(input.comment)]);
    // (tests run in any order: count this case's bugs only)
    const bugsOfCase = [...jira.issues.values()].filter(
      (i) => (i.properties.get('casewright.defect') as { caseId?: string } | undefined)?.caseId === CASE.toLowerCase(),
    );
    expect(bugsOfCase).toHaveLength(1);

    jira.setStatus(first.key, 'Done', 'done');
    const third = await fileDefect(client, input);
    expect(third.created).toBe(true);
    expect(third.key).not.toBe(first.key);
  });

  it('keeps the bugs of different cases apart', async () => {
    const a = await fileDefect(client, {
      caseId: '00000000-0000-4000-8000-00000000000a',
      projectKey: 'SHOP',
      summary: 'A',
      description: adf.doc([adf.p('a')]),
    });
    const b = await fileDefect(client, {
      caseId: '00000000-0000-4000-8000-00000000000b',
      projectKey: 'SHOP',
      summary: 'B',
      description: adf.doc([adf.p('b')]),
    });
    expect([a.created, b.created, a.key === b.key]).toEqual([true, true, false]);
  });

  it('refuses a project key, case id or issue type that would change the search (case files are untrusted), before calling Jira', async () => {
    const before = jira.issues.size;
    const base = { caseId: CASE, projectKey: 'SHOP', summary: 'X', description: adf.doc([adf.p('x')]) };
    await expect(fileDefect(client, { ...base, projectKey: 'SHOP" OR project = "OPS' })).rejects.toThrow(/not a Jira project key/);
    await expect(fileDefect(client, { ...base, caseId: 'x" OR summary ~ "a' })).rejects.toThrow(/not a case id/);
    await expect(fileDefect(client, { ...base, issueType: 'Bug" OR issuetype = "Story' })).rejects.toThrow(/not a Jira issue type/);
    expect(jira.issues.size).toBe(before);
  });
});
