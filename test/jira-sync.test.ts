/**
 * Versioned push/pull between cases and the local Jira server (shapes from the
 * Jira Cloud platform REST v3 docs): saving again never duplicates, a change on
 * one side is carried over, a change on both sides is a conflict and nothing is
 * overwritten.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  adf,
  createJiraClient,
  createRestJiraTransport,
  CASE_PROPERTY_KEY,
  RUN_PROPERTY_KEY,
  pullCases,
  pushCases,
  recordRunResult,
  resolveIssueType,
  type JiraClient,
} from '@casewright/core';
import { adfText } from '../core/src/connectors/jira/adf.js';
import { testManagementOwner } from '../core/src/connectors/jira/issue-type.js';
import { type SyncTarget } from '../core/src/connectors/jira/sync.js';
import { buildConversationCase, buildManualCase } from '@casewright/core/testing';
import { startJiraServer, type JiraServer } from './servers/jira-server.js';

let jira: JiraServer;
let client: JiraClient;
let target: SyncTarget;
let story: string;

beforeEach(async () => {
  jira = await startJiraServer();
  client = createJiraClient(createRestJiraTransport({ baseUrl: jira.url, email: 'a@b.c', apiToken: 't' }));
  story = jira.addIssue({ project: 'SHOP', summary: 'Coupons at checkout' });
  target = { client, story, projectKey: 'SHOP', issueType: await resolveIssueType(client, 'SHOP'), linkType: 'Relates' };
});
afterEach(() => jira.close());

const writes = () => jira.calls.filter((c) => c.method !== 'GET' && !c.path.endsWith('/search/jql'));

describe('push', () => {
  it('creates one issue per case with the readable description, the case property and a link to the story', async () => {
    const cases = [buildManualCase({ title: 'Coupon applies once' }), buildConversationCase({ title: 'Bot explains coupons' })];
    const r = await pushCases(cases, target);
    expect(r.counts.created).toBe(2);
    expect(target.issueType.name).toBe('Test');
    for (const item of r.items) {
      const issue = jira.issues.get(item.key!)!;
      expect(issue.fields.summary).toBe(item.title);
      expect((issue.fields.issuetype as { name: string }).name).toBe('Test');
      expect(issue.properties.get(CASE_PROPERTY_KEY)).toMatchObject({ caseId: item.caseId, version: 1, story });
      expect(jira.links).toContainEqual(expect.objectContaining({ type: 'Relates', inward: item.key, outward: story }));
      expect(item.case.jira).toMatchObject({ key: item.key, version: 1 });
    }
    expect(adfText(jira.issues.get(r.items[0]!.key!)!.fields.description)).toContain('Expected result');
  });

  it('saving again changes nothing, also when the local link was lost', async () => {
    const first = await pushCases([buildManualCase()], target);
    const before = writes().length;
    const again = await pushCases(
      first.items.map((i) => i.case),
      target,
    );
    expect(again.counts.unchanged).toBe(1);
    const { jira: _lost, ...unlinked } = first.items[0]!.case;
    const third = await pushCases([unlinked], target);
    expect(third.items[0]).toMatchObject({ status: 'unchanged', key: first.items[0]!.key });
    expect(writes().length).toBe(before);
    expect([...jira.issues.values()].filter((i) => (i.fields.issuetype as { name: string }).name === 'Test')).toHaveLength(1);
  });

  it('records a run result where the Jira app shows it, without touching the case', async () => {
    const [item] = (await pushCases([buildManualCase()], target)).items;
    await recordRunResult(client, item!.key!, { outcome: 'failed', runAt: '2026-11-21T08:00:00Z', score: 0.4 });
    expect(jira.issues.get(item!.key!)!.properties.get(RUN_PROPERTY_KEY)).toEqual({
      outcome: 'failed',
      runAt: '2026-11-21T08:00:00Z',
      score: 0.4,
    });
    expect((await pushCases([item!.case], target)).items[0]!.status).toBe('unchanged');
    await expect(recordRunResult(client, item!.key!, { outcome: 'nope' as never, runAt: 'x' })).rejects.toThrow();
  });

  it('a local change updates the issue and bumps the version', async () => {
    const [item] = (await pushCases([buildManualCase()], target)).items;
    const r = await pushCases([{ ...item!.case, title: 'Renamed locally', version: 2 }], target);
    expect(r.items[0]).toMatchObject({ status: 'updated', key: item!.key });
    expect(jira.issues.get(item!.key!)!.fields.summary).toBe('Renamed locally');
    expect(jira.issues.get(item!.key!)!.properties.get(CASE_PROPERTY_KEY)).toMatchObject({ version: 2 });
    expect(r.items[0]!.case.jira?.version).toBe(2);
  });

  it('an edit in Jira is never overwritten: push reports it, a local edit too makes a conflict', async () => {
    const [item] = (await pushCases([buildManualCase({ title: 'Original' })], target)).items;
    jira.editIssue(item!.key!, { summary: 'Edited in Jira' });
    const r1 = await pushCases([item!.case], target);
    expect(r1.items[0]!.status).toBe('jira-changed');
    const r2 = await pushCases([{ ...item!.case, title: 'Edited locally', version: 2 }], target);
    expect(r2.items[0]).toMatchObject({ status: 'conflict', key: item!.key });
    expect(r2.items[0]!.remote?.title).toBe('Edited in Jira');
    expect(jira.issues.get(item!.key!)!.fields.summary).toBe('Edited in Jira');
  });

  it('a push from elsewhere (newer version in Jira) plus a local change is a conflict', async () => {
    const [item] = (await pushCases([buildManualCase()], target)).items;
    await pushCases([{ ...item!.case, title: 'Pushed by a colleague', version: 2 }], target);
    const r = await pushCases([{ ...item!.case, title: 'Mine', version: 2 }], target);
    expect(r.items[0]!.status).toBe('conflict');
    expect(jira.issues.get(item!.key!)!.fields.summary).toBe('Pushed by a colleague');
  });
});

describe('push in bulk, priorities, and keeping one side of a conflict', () => {
  it('creates 120 cases in three bulk calls, each with its property and its link to the story, reporting progress', async () => {
    const cases = Array.from({ length: 120 }, (_, i) => buildManualCase({ title: `Coupon case ${i + 1}` }));
    const seen: number[] = [];
    const before = jira.calls.length;
    const r = await pushCases(cases, { ...target, onProgress: (done) => void seen.push(done) });
    expect(r.counts.created).toBe(120);
    expect(r.items.map((i) => i.title)).toEqual(cases.map((c) => c.title)); // in the order given
    const calls = jira.calls.slice(before);
    expect(calls.filter((c) => c.path === '/rest/api/3/issue/bulk').map((c) => c.status)).toEqual([201, 201, 201]);
    expect(calls.filter((c) => c.path === '/rest/api/3/issue' || c.path === '/rest/api/3/issueLink')).toEqual([]);
    for (const item of r.items) {
      expect(jira.issues.get(item.key!)!.properties.get(CASE_PROPERTY_KEY)).toMatchObject({ caseId: item.caseId, story });
      expect(jira.links).toContainEqual(expect.objectContaining({ type: 'Relates', inward: item.key, outward: story }));
    }
    expect(seen).toEqual([50, 100, 120]);
  });

  it("maps case priority to Jira's priority field, and saves without it where the project's screens lack the field", async () => {
    const priorities = { high: 'Highest', medium: 'Medium', low: 'Lowest' } as const;
    const r = await pushCases([buildManualCase({ priority: 'high' }), buildManualCase({ priority: 'low' })], { ...target, priorities });
    expect(r.items.map((i) => (jira.issues.get(i.key!)!.fields.priority as { name: string }).name)).toEqual(['Highest', 'Lowest']);
    const changed = { ...r.items[1]!.case, priority: 'medium' as const, version: 2 };
    expect((await pushCases([changed], { ...target, priorities })).items[0]!.status).toBe('updated');
    expect((jira.issues.get(r.items[1]!.key!)!.fields.priority as { name: string }).name).toBe('Medium');

    const strict = await startJiraServer({ projects: [{ key: 'OPS', issueTypes: ['Task'], notOnScreens: ['priority', 'issuelinks'] }] });
    try {
      const c2 = createJiraClient(createRestJiraTransport({ baseUrl: strict.url, email: 'a@b.c', apiToken: 't' }));
      const s2 = strict.addIssue({ project: 'OPS', issueType: 'Task', summary: 'Runbook' });
      const t2 = {
        client: c2,
        story: s2,
        projectKey: 'OPS',
        issueType: await resolveIssueType(c2, 'OPS'),
        linkType: 'Relates',
        priorities,
      };
      const [item] = (await pushCases([buildManualCase({ priority: 'high' })], t2)).items;
      expect(item).toMatchObject({ status: 'created', message: `Jira refused the priority of ${item!.key}; the rest was saved` });
      expect(strict.issues.get(item!.key!)!.fields.priority).toBeUndefined();
      expect(strict.links).toContainEqual(expect.objectContaining({ inward: item!.key, outward: s2 }));
    } finally {
      await strict.close();
    }
  });

  it('overwrites an edit made in Jira only for the cases the user chose to keep', async () => {
    const r = await pushCases([buildManualCase({ title: 'A' }), buildManualCase({ title: 'B' })], target);
    for (const i of r.items) jira.editIssue(i.key!, { summary: `${i.title} (Jira)` });
    const mine = r.items.map((i) => ({ ...i.case, title: `${i.title} (mine)`, version: 2 }));
    const again = await pushCases(mine, { ...target, overwriteJira: new Set([mine[0]!.id]) });
    expect(again.items.map((i) => i.status)).toEqual(['updated', 'conflict']);
    expect(jira.issues.get(r.items[0]!.key!)!.fields.summary).toBe('A (mine)');
    expect(jira.issues.get(r.items[1]!.key!)!.fields.summary).toBe('B (Jira)');
    expect((await pushCases([again.items[0]!.case], target)).items[0]!.status).toBe('unchanged');
  });

  it("does not write cases into Xray's or Zephyr's Test type unless it is asked for", async () => {
    const tm = await startJiraServer({
      projects: [
        { key: 'XR', issueTypes: ['Story', 'Task', 'Test', 'Test Execution', 'Test Plan', 'Precondition'] },
        { key: 'ZE', issueTypes: ['Story', { name: 'Test', description: 'This Issue Type is used to create Zephyr Tests.' }, 'Task'] },
        { key: 'OK', issueTypes: ['Story', { name: 'Test', description: 'A test case' }, 'Task'] },
      ],
    });
    try {
      const c = createJiraClient(createRestJiraTransport({ baseUrl: tm.url, email: 'a@b.c', apiToken: 't' }));
      expect((await resolveIssueType(c, 'XR')).name).toBe('Task');
      expect((await resolveIssueType(c, 'ZE')).name).toBe('Task');
      expect((await resolveIssueType(c, 'OK')).name).toBe('Test');
      expect((await resolveIssueType(c, 'XR', 'Test')).name).toBe('Test');
      const project = await c.getProject('ZE');
      expect(project.issueTypes.map((t) => testManagementOwner(t, project.issueTypes) ?? '-')).toEqual(['-', 'Zephyr', '-']);
    } finally {
      await tm.close();
    }
  });
});

describe('pull', () => {
  it("takes an edit made in Jira (steps table too), adds the story's other cases, and does not take it twice", async () => {
    const pushed = (await pushCases([buildManualCase({ title: 'Guest checkout' }), buildManualCase({ title: 'Colleague case' })], target))
      .items;
    const key = pushed[0]!.key!;
    const desc = structuredClone(jira.issues.get(key)!.fields.description) as { content: Array<{ type: string; content?: unknown[] }> };
    const table = desc.content.find((n) => n.type === 'table')!;
    table.content!.push({
      type: 'tableRow',
      content: ['2', 'Pay with a card', '', 'Order confirmed'].map((t) => ({ type: 'tableCell', content: [adf.p(t)] })),
    });
    jira.editIssue(key, { summary: 'Guest checkout (edited)', description: desc });
    const r = await pullCases([pushed[0]!.case], { client, story });
    expect(r.counts).toMatchObject({ updated: 1, added: 1 });
    const updated = r.items.find((i) => i.key === key)!.case;
    expect(updated.title).toBe('Guest checkout (edited)');
    expect(updated.kind === 'manual' && updated.steps.map((s) => s.action)).toEqual([
      'Add an item to the cart and open checkout',
      'Pay with a card',
    ]);
    expect(updated.jira?.version).toBe(2);
    const again = await pullCases([updated, r.items.find((i) => i.status === 'added')!.case], { client, story });
    expect(again.counts.unchanged).toBe(2);
    expect((await pushCases([updated], target)).items[0]!.status).toBe('unchanged');
  });

  it('reports a conflict and a broken Jira edit without touching the local case', async () => {
    const [item] = (await pushCases([buildManualCase()], target)).items;
    jira.editIssue(item!.key!, { summary: 'Theirs' });
    const mine = { ...item!.case, title: 'Mine', version: 2 };
    const r = await pullCases([mine], { client, story });
    expect(r.items[0]).toMatchObject({ status: 'conflict' });
    expect(r.items[0]!.case).toBe(mine);
    jira.editIssue(item!.key!, { summary: '   ', description: { type: 'doc', version: 1, content: [] } });
    const broken = await pullCases([item!.case], { client, story });
    expect(broken.items[0]!.status).toBe('error');
    expect(broken.items[0]!.message).toMatch(/breaks the case/);
  });
});
