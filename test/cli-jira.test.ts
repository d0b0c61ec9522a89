/**
 * `casewright jira push|pull` as a user runs it: a child process, real case
 * files, the local Jira server (Jira Cloud platform REST v3 shapes) with basic
 * auth, exit codes of the CLI contract.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCasewright } from './helpers/cli.js';
import { startJiraServer, type JiraServer } from './servers/jira-server.js';

const token = 'ATATT-cli-secret-token-42';
let jira: JiraServer;

// Async (not spawnSync): the local Jira server runs in this process and must keep answering.
async function cli(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = await runCasewright(args, {
    cwd,
    env: { JIRA_BASE_URL: jira.url, JIRA_EMAIL: 'mia@example.com', JIRA_API_TOKEN: token, ...env },
  });
  return { code: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
}

beforeAll(async () => {
  jira = await startJiraServer({ basicAuth: { email: 'mia@example.com', apiToken: token } });
});
afterAll(() => jira.close());

const FILE = `# Checkout cases — comments survive a sync
suite: Checkout
story: SHOP-1
cases:
  - id: 3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b10
    title: Guest can pay by card
    kind: manual
    steps:
      - action: Open checkout as a guest
        expected: The card form is shown
`;

describe('casewright jira push|pull', () => {
  it('pushes, is idempotent, pulls an edit made in Jira, and reports a conflict with exit 1', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cw-jira-'));
    const story = jira.addIssue({ project: 'SHOP', summary: 'Checkout' });
    expect(story).toBe('SHOP-1');
    const file = path.join(dir, 'checkout.cases.yaml');
    writeFileSync(file, FILE);

    const push = await cli(['jira', 'push', '.'], dir);
    expect(push.stderr).toBe('');
    expect(push.code).toBe(0);
    expect(push.stdout).toMatch(/created\s+SHOP-2\s+Guest can pay by card/);
    const written = readFileSync(file, 'utf8');
    expect(written).toContain('# Checkout cases — comments survive a sync');
    expect(parse(written).cases[0].jira).toMatchObject({ key: 'SHOP-2', version: 1 });

    const again = await cli(['jira', 'push'], dir);
    expect(again.stdout).toMatch(/unchanged\s+SHOP-2/);
    expect(readFileSync(file, 'utf8')).toBe(written);

    jira.editIssue('SHOP-2', { summary: 'Guest can pay by card or PayPal' });
    const blocked = await cli(['jira', 'push'], dir);
    expect(blocked.code).toBe(1);
    expect(blocked.stdout).toMatch(/jira-changed\s+SHOP-2/);

    const pull = await cli(['jira', 'pull'], dir);
    expect(pull.code).toBe(0);
    const pulled = parse(readFileSync(file, 'utf8'));
    expect(pulled.cases[0]).toMatchObject({ title: 'Guest can pay by card or PayPal', version: 2, jira: { key: 'SHOP-2', version: 2 } });

    // Both sides change: conflict, exit 1, neither side overwritten.
    jira.editIssue('SHOP-2', { summary: 'Theirs' });
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('title: Guest can pay by card or PayPal', 'title: Mine')
        .replace('version: 2\n    jira', 'version: 3\n    jira'),
    );
    const before = readFileSync(file, 'utf8');
    const conflict = await cli(['jira', 'push'], dir);
    expect(conflict.code).toBe(1);
    expect(conflict.stdout).toMatch(/conflict\s+SHOP-2/);
    expect(jira.issues.get('SHOP-2')!.fields.summary).toBe('Theirs');
    expect(readFileSync(file, 'utf8')).toBe(before);
    for (const out of [push, again, blocked, pull, conflict]) expect(out.stdout + out.stderr).not.toContain(token);
  }, 120_000); // five CLI runs from source (tsx) on a shared machine

  it('exits 2 with a clear message on missing credentials, a bad --story, or a broken file (left untouched)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cw-jira-'));
    writeFileSync(path.join(dir, 'a.cases.yaml'), FILE);
    const noToken = await cli(['jira', 'push'], dir, { JIRA_API_TOKEN: '' });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('JIRA_API_TOKEN');
    const badStory = await cli(['jira', 'pull', '--story', 'nope'], dir);
    expect(badStory.code).toBe(2);
    expect(badStory.stderr).toContain('--story "nope" must be a Jira issue key');
    const broken = 'suite: X\ncases:\n  - id: 1\n    title: y\n    kind: manual\n';
    writeFileSync(path.join(dir, 'a.cases.yaml'), broken);
    const r = await cli(['jira', 'push'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a\.cases\.yaml:3:\d+/);
    expect(readFileSync(path.join(dir, 'a.cases.yaml'), 'utf8')).toBe(broken);
    const badToken = await cli(['jira', 'push'], mkdtempSync(path.join(tmpdir(), 'cw-jira-')), { JIRA_API_TOKEN: 'wrong' });
    expect(badToken.code).toBe(2);
  }, 120_000);
});
