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

describe('what a bug of a run carries', () => {
  it('keeps a transcript excerpt in the description, names the attachments, and caps what it attaches', async () => {
    const { executions } = await import('@casewright/core');
    const long = 'x'.repeat(executions.ATTACHMENT_CAP + 500);
    const c = {
      caseId: CASE.toLowerCase(),
      title: 'Answers about refunds',
      kind: 'conversation' as const,
      jiraKey: 'SHOP-12',
      story: 'SHOP-1',
      outcome: 'failed' as const,
      reason: 'contains: "refund" not found',
      durationMs: 10,
    };
    const execution = {
      schemaVersion: 1 as const,
      id: 'gha-42/1',
      source: 'ci' as const,
      startedAt: '2026-11-20T10:00:00.000Z',
      finishedAt: '2026-11-20T10:00:01.000Z',
      durationMs: 1000,
      cost: 0,
      summary: executions.summarizeExecution([c]),
      cases: [c],
    };
    const result = {
      caseId: c.caseId,
      title: c.title,
      kind: 'conversation' as const,
      outcome: 'failed' as const,
      score: 0,
      durationMs: 10,
      startedAt: execution.startedAt,
      input: [{ role: 'user' as const, content: 'Can I get my money back?' }],
      output: long,
      assertions: [],
    };
    const files = executions.defectAttachments(execution, c, result as never);
    // The execution id has a slash: file names keep only what Jira and file systems take.
    expect(files.map((f) => [f.filename, f.contentType])).toEqual([
      ['transcript-SHOP-12.txt', 'text/plain'],
      ['execution-gha-42_1.json', 'application/json'],
    ]);
    expect(files[0]!.content.startsWith('user: Can I get my money back?\nassistant: xxx')).toBe(true);
    expect(files[0]!.content.length).toBeLessThan(executions.ATTACHMENT_CAP + 100);
    expect(files[0]!.content).toMatch(/… cut at 1000000 characters \(\d+ in all\)\n$/);
    expect(JSON.parse(files[1]!.content)).toMatchObject({ id: 'gha-42/1', cases: [{ jiraKey: 'SHOP-12', outcome: 'failed' }] });

    const description = JSON.stringify(
      executions.defectDescription(
        execution,
        c,
        undefined,
        result as never,
        files.map((f) => f.filename),
      ),
    );
    expect(description).toContain('Transcript (excerpt)');
    expect(description).toContain('Attached to this issue: transcript-SHOP-12.txt, execution-gha-42_1.json.');
    expect(description.length).toBeLessThan(5_000);
  });
});
