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

describe("the one-case defect job (VS Code's stepper after a manual FAIL)", () => {
  const MANUAL = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  const suite = (story: string, caseKey: string) => `suite: Refunds
story: ${story}
cases:
  - id: ${MANUAL}
    title: Refund button is shown on the order page
    kind: manual
    preconditions:
      - An order ACM-1 exists
    steps:
      - action: Open the orders page
        expected: The orders are listed
      - action: Click "Refund"
        data: order ACM-1
        expected: The refund form opens
      - action: Submit the form
        expected: A confirmation is shown
    jira:
      key: ${caseKey}
      version: 1
      syncedAt: 2026-11-20T09:00:00.000Z
`;
  const manualResult = (startedAt: string, statuses: Array<[string, string?]>) => ({
    caseId: MANUAL,
    title: 'Refund button is shown on the order page',
    kind: 'manual' as const,
    file: 'refunds.cases.yaml',
    outcome: statuses.some(([s]) => s === 'FAIL') ? ('failed' as const) : ('passed' as const),
    score: 0,
    assertions: [],
    steps: statuses.map(([status, actual], i) => ({ index: i + 1, status: status as 'PASS', ...(actual ? { actual } : {}) })),
    durationMs: 60_000,
    startedAt,
  });
  const cells = (node: unknown): string[] =>
    JSON.stringify(node)
      .match(/"text":"(?:[^"\\]|\\.)*"/g)!
      .map((t) => JSON.parse(`{${t}}`).text as string);

  it('files the bug with the steps table, the execution line and the execution attached; the next failure comments on it', async () => {
    const { executions, parseCaseFile } = await import('@casewright/core');
    const story = jira.addIssue({ project: 'SHOP', summary: 'Refunds from the orders page' });
    const caseKey = jira.addIssue({ project: 'SHOP', issueType: 'Test', summary: 'Refund button is shown on the order page' });
    const testCase = parseCaseFile(suite(story, caseKey), 'refunds.cases.yaml').suite!.cases[0]!;
    const ws = { jira: async () => client, config: {} };

    const first = manualResult('2026-11-21T10:00:00.000Z', [['PASS'], ['FAIL', 'A 500 error page instead of the form'], ['BLOCKED']]);
    const execution = executions.manualExecution(first as never, { jiraKey: caseKey, story });
    const filed = await executions.fileDefectForCase(ws, execution, MANUAL.toUpperCase(), { testCase, result: first as never });
    expect(filed).toMatchObject({ caseId: MANUAL, created: true, attachments: [`execution-${execution.id}.json`] });
    const bug = jira.issues.get(filed.key)!;
    expect(jira.links.filter((l) => l.inward === filed.key).map((l) => l.outward)).toEqual([story, caseKey]);
    const description = bug.fields.description as { content: Array<{ type: string }> };
    // The steps table: each step's action (with its data), expected, PASS / FAIL / BLOCKED and the note.
    const table = description.content.find((n) => n.type === 'table');
    expect(cells(table)).toEqual([
      ...['#', 'Action', 'Expected', 'Result', 'Actual'],
      ...['1', 'Open the orders page', 'The orders are listed', 'PASS'],
      ...['2', 'Click "Refund" (data: order ACM-1)', 'The refund form opens', 'FAIL', 'A 500 error page instead of the form'],
      ...['3', 'Submit the form', 'A confirmation is shown', 'BLOCKED'],
    ]);
    const text = cells(description).join('\n');
    expect(text).toContain('Preconditions: An order ACM-1 exists');
    expect(text).toContain(`Execution ${execution.id} · manual · ${execution.finishedAt}`);
    expect(text).toContain(`Attached to this issue: execution-${execution.id}.json.`);
    expect(bug.attachments.map((a) => [a.filename, a.mimeType])).toEqual([[`execution-${execution.id}.json`, 'application/json']]);
    expect(JSON.parse(bug.attachments[0]!.content.toString('utf8'))).toMatchObject({
      id: execution.id,
      source: 'manual',
      cases: [{ jiraKey: caseKey, story, outcome: 'failed', steps: [{ status: 'PASS' }, { status: 'FAIL' }, { status: 'BLOCKED' }] }],
    });

    // The next failure (another execution): a comment on the open bug, its execution attached, no duplicate.
    const second = manualResult('2026-11-22T10:00:00.000Z', [['PASS'], ['FAIL', 'Still a 500'], ['PASS']]);
    const again = executions.manualExecution(second as never, { jiraKey: caseKey, story });
    const reused = await executions.fileDefectForCase(ws, again, MANUAL, { testCase, result: second as never });
    expect(reused).toMatchObject({ key: filed.key, created: false, attachments: [`execution-${again.id}.json`] });
    expect(bug.comments).toHaveLength(1);
    expect(cells(bug.comments[0]!.body).join('\n')).toContain(`Failed again: Execution ${again.id}`);
    expect(cells(bug.comments[0]!.body)).toContain('Still a 500');
    expect(bug.attachments.map((a) => a.filename)).toEqual([`execution-${execution.id}.json`, `execution-${again.id}.json`]);
    const bugsOfCase = [...jira.issues.values()].filter(
      (i) => (i.properties.get('casewright.defect') as { caseId?: string } | undefined)?.caseId === MANUAL,
    );
    expect(bugsOfCase).toHaveLength(1);
  });

  it('refuses a case that did not fail, or that has no Jira issue or story, before calling Jira', async () => {
    const { executions } = await import('@casewright/core');
    const before = jira.issues.size;
    const ws = { jira: async () => client, config: {} };
    const passed = manualResult('2026-11-21T11:00:00.000Z', [['PASS']]);
    await expect(
      executions.fileDefectForCase(ws, executions.manualExecution(passed as never, { jiraKey: 'SHOP-1' }), MANUAL),
    ).rejects.toThrow(/passed in the execution .*: there is nothing to file/);
    const failed = manualResult('2026-11-21T12:00:00.000Z', [['FAIL']]);
    // A story file instead of a Jira key: no project to file in.
    const local = executions.manualExecution(failed as never, { story: 'stories/refunds.md' });
    await expect(executions.fileDefectForCase(ws, local, MANUAL)).rejects.toThrow(/no Jira issue or story to take the project from/);
    await expect(executions.fileDefectForCase(ws, local, CASE)).rejects.toThrow(/has no case/);
    expect(jira.issues.size).toBe(before);
  });
});
