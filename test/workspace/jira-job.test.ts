// The Jira jobs every front end calls, against the local Jira server (routes and shapes of
// the Jira Cloud platform REST v3 document, https://developer.atlassian.com/cloud/jira/platform/rest/v3/):
// reading a story, syncing case files (CLI and editor policies), pushing cases from the
// Jira panel, and the one transport chain (REST with a token, timeouts, retries, errors
// mapped to JiraError).
import { createServer } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildManualCase } from '../../core/src/testing/index.js';
import { JiraError } from '../../core/src/connectors/jira/jira-error.js';
import { createMemoryKeyStore } from '../../core/src/keys/file-key-store.js';
import { parseCaseFile } from '../../core/src/model/case-file.js';
import { openWorkspace, type Workspace } from '../../core/src/workspace/workspace.js';
import { criteriaHashOf, readStory } from '../../core/src/workspace/story-job.js';
import { listStoryCases, pushCasesToJira, searchJiraCases, syncCaseFiles } from '../../core/src/workspace/jira-job.js';
import { readJiraSite } from '../../core/src/workspace/jira-site-job.js';
import { startJiraServer, type JiraServer } from '../servers/jira-server.js';
import { REVIEW_WORKFLOW } from '../servers/jira-workflow.js';

const EMAIL = 'qa@example.com';
const TOKEN = 'ATATT-workspace-token-0123456789';
let jira: JiraServer;
let dir: string;
let ws: Workspace;

const FILE = (story: string, id = '0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60') => `# Refund cases — reviewed by QA
suite: Refunds
story: ${story}
cases:
  - id: ${id}
    title: Refund form opens
    kind: manual
    # the form lives under Orders
    steps:
      - action: Open the orders page and click Refund
        expected: The refund form opens
`;

beforeEach(async () => {
  jira = await startJiraServer({ basicAuth: { email: EMAIL, apiToken: TOKEN } });
  dir = await mkdtemp(path.join(tmpdir(), 'cw-ws-jira-'));
  ws = await openWorkspace({ cwd: dir, env: { JIRA_BASE_URL: jira.url, JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN } });
});
afterEach(async () => {
  await jira.close();
  await rm(dir, { recursive: true, force: true });
});

describe('readStory from Jira', () => {
  it('finds the acceptance criteria by field name; the token may come from the key store (the editor)', async () => {
    const key = jira.addIssue({
      project: 'SHOP',
      summary: 'Refunds within 30 days',
      acceptanceCriteria: {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'orderedList',
            content: ['A refund can be asked within 30 days', 'After 30 days the form says why not'].map((text) => ({
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
            })),
          },
        ],
      },
    });
    const keyStore = createMemoryKeyStore();
    await keyStore.set('jira', TOKEN, 'user');
    const editor = await openWorkspace({ cwd: dir, env: {}, keyStore, jiraAccount: { site: jira.url, email: EMAIL } });
    const story = await readStory(editor, { jiraKey: key });
    expect([story.key, story.title, story.criteria.map((c) => c.text)]).toEqual([
      key,
      'Refunds within 30 days',
      ['A refund can be asked within 30 days', 'After 30 days the form says why not'],
    ]);
    expect(criteriaHashOf(story)).toMatch(/^[0-9a-f]{20}$/);
  });

  it('says what is missing: a key, the site, the credentials; a story without criteria; an unknown issue is a JiraError 404', async () => {
    await expect(readStory(ws, { jiraKey: 'shop-1' })).rejects.toThrow('the issue key "shop-1" must be a Jira issue key such as SHOP-123');
    const noSite = await openWorkspace({ cwd: dir, env: {} });
    await expect(readStory(noSite, { jiraKey: 'SHOP-1' })).rejects.toThrow(/no Jira site: set jira.site/);
    const noToken = await openWorkspace({ cwd: dir, env: { JIRA_BASE_URL: jira.url, JIRA_EMAIL: EMAIL } });
    await expect(readStory(noToken, { jiraKey: 'SHOP-1' })).rejects.toThrow(/no Jira credentials/);
    const bare = jira.addIssue({ project: 'SHOP', summary: 'Vague' });
    await expect(readStory(ws, { jiraKey: bare })).rejects.toThrow(/no acceptance criteria found/);
    expect((await readStory(ws, { jiraKey: bare }, { requireCriteria: false })).criteria).toEqual([]);
    const error = await readStory(ws, { jiraKey: 'SHOP-999' }).catch((e: unknown) => e);
    expect(JiraError.isInstance(error) && error.status).toBe(404);
  });
});

describe('syncCaseFiles', () => {
  it('push writes the link back keeping comments, is idempotent, and a pull takes an edit made in Jira', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Refunds' });
    const file = path.join(dir, 'refunds.cases.yaml');
    await writeFile(file, FILE(story));
    const push = await syncCaseFiles(ws, { direction: 'push' });
    expect(push.files.map((f) => [f.shown, f.written, f.items.map((i) => i.status)])).toEqual([['refunds.cases.yaml', true, ['created']]]);
    const written = await readFile(file, 'utf8');
    expect(written).toContain('# the form lives under Orders');
    const key = parseCaseFile(written, 'f').suite!.cases[0]!.jira!.key;
    const again = await syncCaseFiles(ws, { direction: 'push', paths: ['refunds.cases.yaml'] });
    expect([again.files[0]!.items[0]!.status, again.files[0]!.written, again.attention]).toEqual(['unchanged', false, 0]);
    jira.editIssue(key, { summary: 'Refund form opens from the order page' });
    const pull = await syncCaseFiles(ws, { direction: 'pull' });
    expect(pull.files[0]!.items[0]!.status).toBe('updated');
    expect(await readFile(file, 'utf8')).toContain('title: Refund form opens from the order page');
  });

  it('a change on both sides is a conflict with both versions, and the file is not touched', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Refunds' });
    const file = path.join(dir, 'refunds.cases.yaml');
    await writeFile(file, FILE(story));
    const [created] = (await syncCaseFiles(ws, { direction: 'push' })).files[0]!.items;
    jira.editIssue(created!.key!, { summary: 'Edited in Jira' });
    const local = (await readFile(file, 'utf8'))
      .replace('title: Refund form opens', 'title: Edited locally')
      .replace(/version: 1/, 'version: 2');
    await writeFile(file, local);
    const pull = await syncCaseFiles(ws, { direction: 'pull' });
    const item = pull.files[0]!.items.find((i) => i.caseId === created!.caseId)!;
    expect([item.status, item.remote?.title, item.case.title, pull.files[0]!.written, pull.attention]).toEqual([
      'conflict',
      'Edited in Jira',
      'Edited locally',
      false,
      1,
    ]);
    expect(await readFile(file, 'utf8')).toBe(local);
  });

  it('a file with errors stops the CLI sync before anything is sent; the editor syncs the others', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Refunds' });
    await writeFile(path.join(dir, 'good.cases.yaml'), FILE(story));
    const broken = FILE(story, '1f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60').replace('kind: manual', 'kind: manul');
    await writeFile(path.join(dir, 'broken.cases.yaml'), broken);
    const before = jira.calls.length;
    const refused = await syncCaseFiles(ws, { direction: 'push' });
    expect([refused.invalid, refused.files.map((f) => f.shown)]).toEqual([1, ['broken.cases.yaml']]);
    expect(refused.files[0]!.diagnostics![0]!.start.line).toBe(7);
    expect(jira.calls.length).toBe(before);
    const editor = await syncCaseFiles(ws, { direction: 'push', keepGoing: true });
    expect(editor.files.map((f) => [f.shown, f.items.map((i) => i.status), Boolean(f.diagnostics)])).toEqual([
      ['broken.cases.yaml', [], true],
      ['good.cases.yaml', ['created'], false],
    ]);
    expect(await readFile(path.join(dir, 'broken.cases.yaml'), 'utf8')).toBe(broken);
  });

  it('a file without a Jira story and no jira.project is skipped, saying why', async () => {
    await writeFile(path.join(dir, 'local.cases.yaml'), FILE('stories/refunds.md'));
    const result = await syncCaseFiles(ws, { direction: 'push' });
    expect(result.files[0]!.skipped).toMatch(/no story/);
  });
});

describe('pushCasesToJira and listStoryCases (the Jira panel)', () => {
  it('creates linked issues with the criteria hash, then lists them; saving again changes nothing', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Coupons' });
    const cases = [buildManualCase({ title: 'Valid coupon lowers the total', covers: ['AC-1'] })];
    const first = await pushCasesToJira(ws, { cases, story, criteriaHash: 'abc' });
    expect(first.items.map((i) => i.status)).toEqual(['created']);
    const listed = await listStoryCases(ws, story);
    expect(listed.map((r) => [r.key, r.case?.title, r.property.criteriaHash])).toEqual([
      [first.items[0]!.key, 'Valid coupon lowers the total', 'abc'],
    ]);
    const again = await pushCasesToJira(ws, { cases: [first.items[0]!.case], story });
    expect(again.items.map((i) => i.status)).toEqual(['unchanged']);
  });
});

describe('pushCasesToJira with the jira: mapping, a resolved conflict and progress', () => {
  it('sets the Jira priority the config maps each case priority to', async () => {
    const mapped = await openWorkspace({
      cwd: dir,
      env: { JIRA_BASE_URL: jira.url, JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN },
      config: { jira: { linkType: 'Relates', priorities: { high: 'Highest', low: 'Lowest' } } },
    });
    const story = jira.addIssue({ project: 'SHOP', summary: 'Coupons' });
    const cases = (['high', 'medium', 'low'] as const).map((priority) => buildManualCase({ title: `A ${priority} case`, priority }));
    const report = await pushCasesToJira(mapped, { cases, story });
    const priorities = report.items.map((i) => (jira.issues.get(i.key!)!.fields.priority as { name?: string } | undefined)?.name);
    // medium is not mapped: the issue keeps what Jira gives it.
    expect([priorities[0], priorities[2]]).toEqual(['Highest', 'Lowest']);
    expect(priorities[1]).not.toBe('Highest');
  });

  it('keeps a change made in Jira, unless the person chose to keep theirs; reports progress as it writes', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Coupons' });
    const cases = [buildManualCase({ title: 'Valid coupon' }), buildManualCase({ title: 'Expired coupon' })];
    const progress: Array<[number, number]> = [];
    const first = await pushCasesToJira(ws, { cases, story, onProgress: (done, total) => void progress.push([done, total]) });
    expect(progress.at(-1)).toEqual([2, 2]);
    for (const item of first.items) jira.editIssue(item.key!, { summary: `${item.title} (edited in Jira)` });
    const mine = first.items.map((i) => ({ ...i.case, title: `${i.title} (edited here)`, version: i.case.version + 1 }));
    const kept = await pushCasesToJira(ws, { cases: mine, story, overwriteJira: [mine[0]!.id] });
    expect(kept.items.map((i) => i.status)).toEqual(['updated', 'conflict']);
    expect(first.items.map((i) => jira.issues.get(i.key!)!.fields.summary)).toEqual([
      'Valid coupon (edited here)',
      'Expired coupon (edited in Jira)',
    ]);
  });
});

describe('case status reaching Jira (jira.statuses)', () => {
  it('moves an issue to the status mapped from its case when the workflow allows it, and says so when it does not', async () => {
    const qa = await startJiraServer({
      basicAuth: { email: EMAIL, apiToken: TOKEN },
      projects: [{ key: 'QA', issueTypes: ['Story', 'Test'], workflow: REVIEW_WORKFLOW }],
    });
    try {
      const mapped = await openWorkspace({
        cwd: dir,
        env: { JIRA_BASE_URL: qa.url, JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN },
        config: { jira: { linkType: 'Relates', statuses: { draft: 'To Do', ready: 'Ready', deprecated: 'Retired' } } },
      });
      const story = qa.addIssue({ project: 'QA', summary: 'Gift cards' });
      const cases = (['draft', 'ready', 'deprecated'] as const).map((status) => buildManualCase({ title: `A ${status} case`, status }));
      const first = await pushCasesToJira(mapped, { cases, story });
      const [draft, ready, retired] = first.items;
      expect(first.items.map((i) => [i.status, qa.statusOf(i.key!)])).toEqual([
        ['created', 'To Do'],
        ['created', 'To Do'],
        ['created', 'Retired'],
      ]);
      expect(ready!.message).toBe(`the workflow of ${ready!.key} has no transition from "To Do" to "Ready"; its status was left as it is`);
      expect([draft!.message, retired!.message]).toEqual([undefined, undefined]);
      const transitions = () => qa.calls.filter((c) => c.method === 'POST' && c.path.endsWith('/transitions')).length;
      expect(transitions()).toBe(1);

      // A reviewer moves the ready case on in Jira; an edit of its title here does not move it back.
      const client = await mapped.jira();
      await client.transitionIssue(ready!.key!, '11');
      const before = transitions();
      const edited = { ...ready!.case, title: 'A ready case, reworded', version: ready!.case.version + 1 };
      // The draft case is retired here: its issue follows.
      const retiring = { ...draft!.case, status: 'deprecated' as const, version: draft!.case.version + 1 };
      const second = await pushCasesToJira(mapped, { cases: [retiring, edited, retired!.case], story });
      expect(second.items.map((i) => [i.status, qa.statusOf(i.key!)])).toEqual([
        ['updated', 'Retired'],
        ['updated', 'In Review'],
        ['unchanged', 'Retired'],
      ]);
      expect(transitions() - before).toBe(1);
    } finally {
      await qa.close();
    }
  });
});

describe('searchJiraCases and readJiraSite', () => {
  it('says the list is truncated when Jira has more matching issues than the limit', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Coupons' });
    const cases = Array.from({ length: 3 }, (_, i) => buildManualCase({ title: `Coupon case ${i + 1}` }));
    await pushCasesToJira(ws, { cases, story });
    const some = await searchJiraCases(ws, { project: 'SHOP', limit: 2 });
    expect([some.cases.length, some.truncated]).toEqual([2, true]);
    const all = await searchJiraCases(ws, { project: 'SHOP', limit: 3 });
    expect([all.cases.length, all.truncated]).toEqual([3, false]);
  });

  it("lists the site's issue types with the test-management app that owns one, its priorities and link types", async () => {
    const xray = await startJiraServer({
      basicAuth: { email: EMAIL, apiToken: TOKEN },
      projects: [{ key: 'QA', issueTypes: ['Story', 'Test', 'Test Execution', 'Task'] }],
    });
    try {
      const site = await readJiraSite(
        await openWorkspace({ cwd: dir, env: { JIRA_BASE_URL: xray.url, JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN } }),
      );
      expect(site.issueTypes.filter((t) => t.owner).map((t) => [t.name, t.owner])).toEqual([['Test', 'Xray']]);
      expect(site.issueTypes.map((t) => t.name)).toEqual(expect.arrayContaining(['Story', 'Task', 'Test Execution']));
      expect(site.priorities).toEqual(['Highest', 'High', 'Medium', 'Low', 'Lowest']);
      expect(site.linkTypes).toEqual(['Blocks', 'Relates', 'Tests']);
      expect(site.statuses).toEqual(['To Do', 'In Progress', 'Done']);
    } finally {
      await xray.close();
    }
  });
});

describe('the Jira transport chain', () => {
  it('waits out a 429 with Retry-After and goes on', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Throttled', acceptanceCriteria: 'Given a cart\nWhen I pay\nThen it is paid' });
    const quick = await openWorkspace({
      cwd: dir,
      env: { JIRA_BASE_URL: jira.url, JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN },
      jiraRetry: { sleep: async () => undefined },
    });
    jira.throttleNext(2, 1);
    const read = await readStory(quick, { jiraKey: story }, { requireCriteria: false });
    expect(read.key).toBe(story);
    expect(jira.calls.filter((c) => c.status === 429)).toHaveLength(2);
  });

  it('a site that does not answer is a JiraError (status 0) naming the call, never the token, after retrying a GET', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    let sleeps = 0;
    const down = await openWorkspace({
      cwd: dir,
      env: { JIRA_BASE_URL: `http://127.0.0.1:${port}`, JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN },
      jiraRetry: { retries: 2, sleep: async () => void sleeps++ },
    });
    const error = await readStory(down, { jiraKey: 'SHOP-1' }).catch((e: unknown) => e);
    expect(JiraError.isInstance(error)).toBe(true);
    expect((error as JiraError).status).toBe(0);
    expect((error as Error).message).toMatch(
      /^Jira GET \/rest\/api\/3\/issue\/SHOP-1 on 127\.0\.0\.1:\d+ did not answer \(ECONNREFUSED\)$/,
    );
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(TOKEN);
    expect(sleeps).toBe(2);
  });

  it('refuses a site that is not a URL', async () => {
    const bad = await openWorkspace({ cwd: dir, env: { JIRA_BASE_URL: 'acme.atlassian.net', JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN } });
    await expect(bad.jira()).rejects.toThrow(/is not a URL; expected e.g. https:\/\/acme.atlassian.net/);
  });
});
