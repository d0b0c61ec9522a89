/**
 * `casewright run --jira --file-defects` as CI runs it: a child process, real case files pushed
 * with `casewright jira push`, a command target, GitHub Actions' variables in the environment
 * (https://docs.github.com/en/actions/reference/variables-reference), the local Jira server in
 * the Jira Cloud platform REST v3 shapes ("Bulk set issue properties by issue" and "Get task"
 * from https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-properties/
 * and .../api-group-tasks/).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO_TARGET, githubActions } from './helpers/ci-run.js';
import { startJiraServer, type JiraServer } from './servers/jira-server.js';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const token = 'ATATT-executions-secret-77';
let jira: JiraServer;
let dir: string;

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/_API_KEY$|^GITHUB_|^GITLAB|^JENKINS|^CI$/.test(k)));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', tsx, main, ...args],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          ...clean,
          NO_COLOR: '1',
          XDG_CONFIG_HOME: path.join(dir, '.config'),
          JIRA_BASE_URL: jira.url,
          JIRA_EMAIL: 'mia@example.com',
          JIRA_API_TOKEN: token,
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const ci = (runId: string) => githubActions(runId);

const SYNCED = `suite: Checkout
story: SHOP-1
defaults:
  target: echo
cases:
  - id: 0b6f1c2e-1111-4c1e-9b2f-0d6e5a7c9b10
    title: Greets back
    kind: conversation
    covers: [AC-1]
    input:
      messages:
        - role: user
          content: hello
    expected:
      assert: [{type: contains, value: hello}]
  - id: 0b6f1c2e-2222-4c1e-9b2f-0d6e5a7c9b10
    title: Says goodbye
    kind: conversation
    covers: [AC-2]
    input:
      messages:
        - role: user
          content: bye ${token}
    expected:
      content: Goodbye, see you soon
      assert: [{type: contains, value: Goodbye}]
`;

const LOCAL = `suite: Drafts
story: SHOP-1
defaults:
  target: echo
cases:
  - id: 0b6f1c2e-3333-4c1e-9b2f-0d6e5a7c9b10
    title: Not pushed yet
    kind: conversation
    input:
      messages:
        - role: user
          content: hi
    expected:
      assert: [{type: contains, value: hi}]
`;

beforeAll(async () => {
  jira = await startJiraServer({ basicAuth: { email: 'mia@example.com', apiToken: token } });
  dir = mkdtempSync(path.join(tmpdir(), 'cw-executions-'));
  mkdirSync(path.join(dir, 'targets'));
  writeFileSync(path.join(dir, 'targets/echo.yaml'), ECHO_TARGET);
  writeFileSync(path.join(dir, 'checkout.cases.yaml'), SYNCED);
  writeFileSync(path.join(dir, 'drafts.cases.yaml'), LOCAL);
  expect(jira.addIssue({ project: 'SHOP', summary: 'Checkout' })).toBe('SHOP-1');
  const push = await cli(['jira', 'push', 'checkout.cases.yaml']);
  expect(push.code, push.stderr).toBe(0);
});
afterAll(() => jira.close());

const bugs = () => [...jira.issues.values()].filter((i) => (i.fields.issuetype as { name: string }).name === 'Bug');

// One journey on one Jira: the second test's open bug is the one the first filed (never shuffled).
describe('casewright run --jira --file-defects', { shuffle: false, timeout: 90_000 }, () => {
  it('records the execution in bulk, keeps unpushed cases local, files a bug for the new failure, links the report to Jira', async () => {
    const before = jira.calls.length;
    const run = await cli(['run', '.', '--jira', '--file-defects', '--reporter', 'json,html', '--out', 'out'], ci('7001'));
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('jira: recorded execution gha-7001-1: 2 cases on Jira, a summary on SHOP-1');
    expect(run.stderr).toContain('jira: 1 case without a Jira key stayed local (casewright jira push gives them an issue): Not pushed yet');
    expect(run.stderr).toMatch(/jira: filed SHOP-4 for case 0b6f1c2e-2222/);
    expect(run.stderr).not.toContain(token);

    const greets = jira.issues.get('SHOP-2')!.properties.get('casewright-run') as Record<string, unknown>;
    expect(greets).toMatchObject({ outcome: 'passed', executionId: 'gha-7001-1', runs: 1, flips: 0 });
    expect(greets.history).toEqual([expect.objectContaining({ execution: 'gha-7001-1', outcome: 'passed' })]);
    expect(jira.issues.get('SHOP-3')!.properties.get('casewright-run')).toMatchObject({ outcome: 'failed' });

    const story = jira.issues.get('SHOP-1')!.properties.get('casewright-executions') as {
      executions: unknown[];
      lastPassRate: number;
      coverage: unknown;
    };
    expect(story.executions).toEqual([
      expect.objectContaining({
        id: 'gha-7001-1',
        source: 'ci',
        commit: '9f2c1e0b7a6d5c4b3a291817161514131211100f',
        branch: 'main',
        buildUrl: 'https://github.com/acme/shop/actions/runs/7001/attempts/1',
        by: 'octocat',
        total: 2,
        passed: 1,
        failed: 1,
      }),
    ]);
    expect(story.lastPassRate).toBe(0.5);
    expect(story.coverage).toMatchObject({ covered: 2, passing: 1, failing: 1, neverRun: 0 });

    // The writes went through the bulk route, not one PUT per case.
    const calls = jira.calls.slice(before);
    expect(calls.filter((c) => c.template === '/rest/api/3/issue/properties/multi')).toHaveLength(1);
    expect(calls.filter((c) => c.template === '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}')).toHaveLength(0);

    const [bug] = bugs();
    expect(bug).toBeDefined();
    expect(bug!.key).toBe('SHOP-4');
    expect(bug!.fields.summary).toBe('Failed: Says goodbye');
    const text = JSON.stringify(bug!.fields.description);
    for (const part of [
      'Steps to reproduce',
      'Expected',
      'Goodbye, see you soon',
      'Actual',
      'echo: bye',
      'Execution gha-7001-1',
      'Transcript',
    ])
      expect(text).toContain(part);
    expect(
      jira.links
        .filter((l) => l.inward === 'SHOP-4')
        .map((l) => l.outward)
        .sort(),
    ).toEqual(['SHOP-1', 'SHOP-3']);
    expect(bug!.properties.get('casewright.defect')).toEqual({ caseId: '0b6f1c2e-2222-4c1e-9b2f-0d6e5a7c9b10', story: 'SHOP-1' });

    // The transcript and the execution are attached ("Add attachment", multipart field `file`), masked;
    // the description names them. Read back through Jira's attachment routes as a person would download them.
    expect(run.stderr).toContain(
      'jira: filed SHOP-4 for case 0b6f1c2e-2222-4c1e-9b2f-0d6e5a7c9b10, attached transcript-SHOP-3.txt, execution-gha-7001-1.json',
    );
    expect(text).toContain('Attached to this issue: transcript-SHOP-3.txt, execution-gha-7001-1.json.');
    expect(text).not.toContain(token);
    const auth = { authorization: `Basic ${Buffer.from(`mia@example.com:${token}`).toString('base64')}` };
    const listed = (await (await fetch(`${jira.url}/rest/api/3/issue/SHOP-4?fields=attachment`, { headers: auth })).json()) as {
      fields: { attachment: Array<{ id: string; filename: string; mimeType: string; content: string }> };
    };
    expect(listed.fields.attachment.map((a) => [a.filename, a.mimeType])).toEqual([
      ['transcript-SHOP-3.txt', 'text/plain'],
      ['execution-gha-7001-1.json', 'application/json'],
    ]);
    const download = async (url: string) => (await fetch(url, { headers: auth })).text();
    const transcript = await download(listed.fields.attachment[0]!.content);
    expect(transcript).toBe('user: bye ***\nassistant: echo: bye ***\n');
    const attached = JSON.parse(await download(listed.fields.attachment[1]!.content)) as {
      id: string;
      commit: string;
      cases: Array<{ jiraKey?: string; outcome: string }>;
    };
    expect(attached).toMatchObject({ id: 'gha-7001-1', commit: '9f2c1e0b7a6d5c4b3a291817161514131211100f' });
    expect(attached.cases.map((c) => [c.jiraKey, c.outcome])).toEqual(
      expect.arrayContaining([
        ['SHOP-2', 'passed'],
        ['SHOP-3', 'failed'],
      ]),
    );
    expect(JSON.stringify(attached)).not.toContain(token);

    const html = readFileSync(path.join(dir, 'out/report.html'), 'utf8');
    expect(html).toContain(`${jira.url}/browse/SHOP-2`);
    expect(html).toContain(`${jira.url}/browse/SHOP-3`);
  });

  it('a failure that is not new files nothing; against a baseline where it passed, the open bug gets a comment', async () => {
    const again = await cli(['run', '.', '--jira', '--file-defects', '--reporter', 'json', '--out', 'out2'], ci('7002'));
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('jira: no bug for 1 failure that is not new (already failed in the previous execution)');
    expect(bugs()).toHaveLength(1);
    const history = (jira.issues.get('SHOP-3')!.properties.get('casewright-run') as { history: unknown[] }).history;
    expect(history).toHaveLength(2);
    expect((jira.issues.get('SHOP-1')!.properties.get('casewright-executions') as { executions: unknown[] }).executions).toHaveLength(2);

    const results = JSON.parse(readFileSync(path.join(dir, 'out2/results.json'), 'utf8'));
    for (const c of results.cases) c.outcome = 'passed';
    writeFileSync(path.join(dir, 'base.json'), JSON.stringify(results));
    const base = await cli(
      ['run', '.', '--jira', '--file-defects', '--baseline', 'base.json', '--reporter', 'json', '--out', 'out3'],
      ci('7003'),
    );
    expect(base.stderr).toContain('jira: commented on SHOP-4 for case 0b6f1c2e-2222');
    expect(bugs()).toHaveLength(1);
    expect(jira.issues.get('SHOP-4')!.comments).toHaveLength(1);
    expect(JSON.stringify(jira.issues.get('SHOP-4')!.comments[0]!.body)).toContain('Failed again: Execution gha-7003-1');
  });

  it('refuses --file-defects without --jira before running anything', async () => {
    const bad = await cli(['run', '.', '--file-defects']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--file-defects records on Jira: add --jira');
  });
});
