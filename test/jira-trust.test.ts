/**
 * Jira is a source of text, not of code. Anyone who can edit an issue can rewrite
 * its `casewright-case` entity property through the REST API (PUT
 * /rest/api/3/issue/{key}/properties/{propertyKey}, Jira Cloud platform REST v3,
 * "Issue properties"). These probes do exactly that against the local Jira server
 * and check that a pull never takes an executable change without a local review,
 * and that a property never overwrites another local case.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CASE_PROPERTY_KEY,
  createJiraClient,
  createRestJiraTransport,
  pullCases,
  pushCases,
  resolveIssueType,
  resolvePullReview,
  type JiraClient,
  type TestCase,
} from '@casewright/core';
import { buildConversationCase, buildManualCase } from '@casewright/core/testing';
import type { CaseProperty } from '../core/src/connectors/jira/case-mapping.js';
import type { SyncTarget } from '../core/src/connectors/jira/sync.js';
import { startJiraServer, type JiraServer } from './servers/jira-server.js';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const token = 'ATATT-trust-secret-token-77';
const HOSTILE = `require('child_process').execSync('id > /tmp/pwned')`;

let jira: JiraServer;
let client: JiraClient;

beforeAll(async () => {
  jira = await startJiraServer({ basicAuth: { email: 'dev@example.com', apiToken: token } });
  client = createJiraClient(createRestJiraTransport({ baseUrl: jira.url, email: 'dev@example.com', apiToken: token }));
});
afterAll(() => jira.close());

function cli(args: string[], cwd: string, stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', tsx, main, ...args],
      {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', JIRA_BASE_URL: jira.url, JIRA_EMAIL: 'dev@example.com', JIRA_API_TOKEN: token },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

async function pushed(story: string, cases: TestCase[] = [buildConversationCase({ target: 'support-bot' })]) {
  const target: SyncTarget = {
    client,
    story,
    projectKey: 'SHOP',
    issueType: await resolveIssueType(client, 'SHOP'),
    linkType: 'Relates',
  };
  return (await pushCases(cases, target)).items;
}

const caseOf = (p: CaseProperty) => p.case as { id: string; title: string; target?: string; expected: { assert: unknown[] } };

/** What an attacker does: rewrite the property through the REST API, bumping the version so it looks like a newer sync. */
async function tamper(key: string, edit: (property: CaseProperty) => void): Promise<void> {
  const property = structuredClone(jira.issues.get(key)!.properties.get(CASE_PROPERTY_KEY)) as CaseProperty;
  edit(property);
  await client.setProperty(key, CASE_PROPERTY_KEY, property);
}

describe('pull from Jira: text is taken, code waits for a review', () => {
  it('does not take a javascript assertion or a target switch written into the property; shows them as pending with both values', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Refunds' });
    const [item] = await pushed(story);
    const local = item!.case;
    await tamper(item!.key!, (p) => {
      const c = caseOf(p);
      c.expected.assert = [{ type: 'javascript', value: HOSTILE }];
      c.target = 'attacker-http';
      c.title = 'Answers a refund question (reworded in Jira)';
      p.version += 1;
    });
    const r = await pullCases([local], { client, story });
    const [pulled] = r.items;
    expect(pulled).toMatchObject({ status: 'review', key: item!.key, case: local });
    expect(pulled!.pending).toEqual([
      { field: 'expected.assert', local: [{ type: 'icontains', value: 'refund' }], jira: [{ type: 'javascript', value: HOSTILE }] },
      { field: 'target', local: 'support-bot', jira: 'attacker-http' },
    ]);
    expect(pulled!.remote?.title).toBe('Answers a refund question (reworded in Jira)');
    expect(r.counts.review).toBe(1);

    // A person rejects it: the local code stays, the text is taken, and Jira stops proposing the change.
    const rejected = await resolvePullReview(pulled!, 'reject', { client });
    expect(rejected.status).toBe('updated');
    expect(rejected.case).toMatchObject({ title: 'Answers a refund question (reworded in Jira)', target: 'support-bot' });
    expect(rejected.case.kind === 'conversation' && rejected.case.expected.assert).toEqual([{ type: 'icontains', value: 'refund' }]);
    const again = await pullCases([rejected.case], { client, story });
    expect(again.items[0]).toMatchObject({ status: 'unchanged' });
    expect(JSON.stringify(jira.issues.get(item!.key!)!.properties.get(CASE_PROPERTY_KEY))).not.toContain('child_process');
  });

  it('a case new to the file that carries an executable assertion is not added without a review', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Vouchers' });
    const [mine, theirs] = await pushed(story, [buildManualCase(), buildConversationCase()]);
    await tamper(theirs!.key!, (p) => {
      caseOf(p).expected.assert.push({ type: 'javascript', value: HOSTILE });
      p.version += 1;
    });
    const r = await pullCases([mine!.case], { client, story });
    const added = r.items.find((i) => i.key === theirs!.key)!;
    expect(added.status).toBe('review');
    expect(added.pending?.map((p) => p.field)).toEqual(['expected.assert']);
    // Accepting after the review takes it whole.
    const accepted = await resolvePullReview(added, 'accept', { client });
    expect(accepted.status).toBe('added');
    expect(accepted.case.kind === 'conversation' && accepted.case.expected.assert.at(-1)).toEqual({ type: 'javascript', value: HOSTILE });
  });

  it('a property whose case id is not the issue case id is refused and never overwrites another local case', async () => {
    const story = jira.addIssue({ project: 'SHOP', summary: 'Gift cards' });
    const [a, b] = await pushed(story, [buildManualCase({ title: 'Case A' }), buildManualCase({ title: 'Case B' })]);
    // Issue of A now claims to hold case A but carries case B's id with other content.
    await tamper(a!.key!, (p) => {
      caseOf(p).id = b!.caseId;
      caseOf(p).title = 'Overwritten B';
      p.version += 1;
    });
    const r = await pullCases([a!.case, b!.case], { client, story });
    const itemA = r.items.find((i) => i.caseId === a!.caseId)!;
    const itemB = r.items.find((i) => i.caseId === b!.caseId)!;
    expect(itemA.status).toBe('error');
    expect(itemA.message).toMatch(/refused/);
    expect(itemA.case).toBe(a!.case);
    expect(itemB.case.title).toBe('Case B');
  });
});

describe('casewright jira pull --review', () => {
  it('leaves the file as it was, exits 1 and says how to review; --review shows both values and applies the decision', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cw-trust-'));
    const story = jira.addIssue({ project: 'SHOP', summary: 'Returns' });
    const file = path.join(dir, 'returns.cases.yaml');
    writeFileSync(
      file,
      `# reviewed by the team\nsuite: Returns\nstory: ${story}\ncases:\n  - id: 6d0b2f0e-4a1c-4d55-9a8e-2b7c1d3e4f50\n    title: Explains the return window\n    kind: conversation\n    target: support-bot\n    input:\n      messages:\n        - role: user\n          content: Can I return shoes?\n    expected:\n      assert:\n        - type: icontains\n          value: 30 days\n`,
    );
    const push = await cli(['jira', 'push'], dir);
    expect(push.code).toBe(0);
    const key = /created\s+(SHOP-\d+)/.exec(push.stdout)![1]!;
    await tamper(key, (p) => {
      caseOf(p).expected.assert = [{ type: 'javascript', value: HOSTILE }];
      p.version += 1;
    });
    const before = readFileSync(file, 'utf8');

    const pull = await cli(['jira', 'pull'], dir);
    expect(pull.code).toBe(1);
    expect(pull.stdout).toMatch(new RegExp(`review\\s+${key}`));
    expect(pull.stdout).toContain('casewright jira pull --review');
    expect(readFileSync(file, 'utf8')).toBe(before);

    // No answer (stdin closed): nothing is decided and nothing written.
    const silent = await cli(['jira', 'pull', '--review'], dir, '');
    expect(silent.code).toBe(1);
    expect(silent.stderr).toContain(HOSTILE);
    expect(readFileSync(file, 'utf8')).toBe(before);

    const reject = await cli(['jira', 'pull', '--review'], dir, 'n\n');
    expect(reject.stderr).toMatch(/expected\.assert\n\s+here:\n[\s\S]*30 days[\s\S]*Jira:\n[\s\S]*child_process/);
    expect(reject.code).toBe(0);
    const after = readFileSync(file, 'utf8');
    expect(after).toContain('# reviewed by the team');
    expect(after).not.toContain('child_process');
    expect(parse(after).cases[0].expected.assert).toEqual([{ type: 'icontains', value: '30 days' }]);
    for (const out of [push, pull, silent, reject]) expect(out.stdout + out.stderr).not.toContain(token);
  }, 120_000);
});
