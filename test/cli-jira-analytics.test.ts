/**
 * `casewright jira analytics` after executions recorded by `casewright run --jira` (CI variables of
 * GitHub Actions: https://docs.github.com/en/actions/reference/variables-reference), against the
 * local Jira server in the Jira Cloud platform REST v3 shapes ("Search for issues using JQL
 * enhanced search" with entity properties, from
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionAnalytics } from '../core/src/workspace/execution-analytics-job.js';
import { runCasewright } from './helpers/cli.js';
import { ECHO_TARGET, githubActions } from './helpers/ci-run.js';
import { startJiraServer, type JiraServer } from './servers/jira-server.js';

const token = 'ATATT-analytics-secret-41';
let jira: JiraServer;
let dir: string;

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  runCasewright(args, {
    cwd: dir,
    withoutEnv: /_API_KEY$|^GITHUB_|^GITLAB|^JENKINS|^CI$|^JIRA_/,
    env: {
      XDG_CONFIG_HOME: path.join(dir, '.config'),
      JIRA_BASE_URL: jira.url,
      JIRA_EMAIL: 'mia@example.com',
      JIRA_API_TOKEN: token,
      ...env,
    },
  });

const ci = (runId: string) => githubActions(runId, '4b1e0c9d8a7f6e5d4c3b2a190817161514131211');

/** Two cases of story SHOP-1: the first passes until the test changes what it expects back. */
const CASES = `suite: Checkout
story: SHOP-1
defaults:
  target: echo
cases:
  - id: 5d0e7a21-1111-4c1e-9b2f-0d6e5a7c9b10
    title: Greets back
    kind: conversation
    covers: [AC-1]
    input:
      messages:
        - role: user
          content: hello
    expected:
      assert: [{type: contains, value: hello}]
  - id: 5d0e7a21-2222-4c1e-9b2f-0d6e5a7c9b10
    title: Says goodbye
    kind: conversation
    covers: [AC-2]
    input:
      messages:
        - role: user
          content: bye
    expected:
      assert: [{type: contains, value: Goodbye}]
`;

beforeAll(async () => {
  jira = await startJiraServer({ basicAuth: { email: 'mia@example.com', apiToken: token } });
  dir = mkdtempSync(path.join(tmpdir(), 'cw-analytics-'));
  mkdirSync(path.join(dir, 'targets'));
  writeFileSync(path.join(dir, 'targets/echo.yaml'), ECHO_TARGET);
  writeFileSync(path.join(dir, 'casewright.config.yaml'), 'jira:\n  project: SHOP\n');
  writeFileSync(path.join(dir, 'checkout.cases.yaml'), CASES);
  expect(jira.addIssue({ project: 'SHOP', summary: 'Checkout with a saved card' })).toBe('SHOP-1');
  const push = await cli(['jira', 'push', 'checkout.cases.yaml']);
  expect(push.status, push.stderr).toBe(0);
  // Execution 1: "Greets back" passes, "Says goodbye" fails and gets a bug (SHOP-4).
  const first = await cli(['run', '.', '--jira', '--file-defects', '--reporter', 'json', '--out', 'out1'], ci('8001'));
  expect(first.stderr).toContain('jira: recorded execution gha-8001-1: 2 cases on Jira');
  expect(first.stderr).toMatch(/jira: filed SHOP-4 /);
  // Execution 2: both fail ("Greets back" flips).
  // (the file as `jira push` left it: with the issue keys)
  const pushed = readFileSync(path.join(dir, 'checkout.cases.yaml'), 'utf8');
  writeFileSync(path.join(dir, 'checkout.cases.yaml'), pushed.replace('value: hello}', 'value: bonjour}'));
  const second = await cli(['run', '.', '--jira', '--reporter', 'json', '--out', 'out2'], ci('8002'));
  expect(second.stderr).toContain('jira: recorded execution gha-8002-1: 2 cases on Jira');
}, 180_000);
afterAll(() => jira?.close());

describe('casewright jira analytics', { timeout: 90_000 }, () => {
  it("prints what the recorded executions say, for the config's project", async () => {
    const run = await cli(['jira', 'analytics']);
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Execution analytics of project SHOP');
    // The last execution of SHOP-1: both cases failed.
    expect(run.stdout).toMatch(/\n {2}SHOP-1 +░{10} +0 % +0\/2 passed +\d{4}-\d\d-\d\d \d\d:\d\d +Checkout with a saved card\n/);
    // Over time: 1 of 2, then 0 of 2.
    const over = lines.slice(
      lines.indexOf('Pass rate over time (2 executions, oldest first)') + 1,
      lines.indexOf('Pass rate over time (2 executions, oldest first)') + 3,
    );
    expect(over[0]).toMatch(/ 50 % +1 passed, 1 failed of 2 +gha-8001-1$/);
    expect(over[1]).toMatch(/ 0 % +0 passed, 2 failed of 2 +gha-8002-1$/);
    expect(run.stdout).toContain('SHOP-1    2 covered: 0 passing, 2 failing, 0 never run  (2 cases)');
    expect(run.stdout).toMatch(/Open defects per story \(1 open\)\n {2}SHOP-1: 1\n {4}SHOP-4 +Failed: Says goodbye/);
    expect(run.stdout).toMatch(/SHOP-2 +1 change +Greets back +\(story SHOP-1\)/);
    expect(run.stdout + run.stderr).not.toContain(token);
  });

  it('--story --json prints the analytics object with the recorded numbers', async () => {
    const run = await cli(['jira', 'analytics', '--story', 'SHOP-1', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const analytics = JSON.parse(run.stdout) as ExecutionAnalytics;
    expect(analytics.stories).toHaveLength(1);
    expect(analytics.stories[0]).toMatchObject({
      key: 'SHOP-1',
      passRate: 0,
      cases: 2,
      coverage: { covered: 2, passing: 0, failing: 2, neverRun: 0 },
      openDefects: 1,
    });
    expect(analytics.stories[0]!.trend.map((t) => [t.id, t.passed, t.failed, t.total])).toEqual([
      ['gha-8001-1', 1, 1, 2],
      ['gha-8002-1', 0, 2, 2],
    ]);
    expect(analytics.flaky).toEqual([{ key: 'SHOP-2', title: 'Greets back', flips: 1, story: 'SHOP-1' }]);
    expect(analytics.openDefects.map((d) => d.key)).toEqual(['SHOP-4']);
  });

  it('refuses a bad key and a missing Jira with exit 2 and says what', async () => {
    const badProject = await cli(['jira', 'analytics', '--project', 'shop']);
    expect(badProject.status).toBe(2);
    expect(badProject.stderr).toContain('"shop" is not a Jira project key such as SHOP');
    const badStory = await cli(['jira', 'analytics', '--story', 'SHOP1']);
    expect(badStory.status).toBe(2);
    expect(badStory.stderr).toContain('"SHOP1" is not a Jira issue key');
    const noJira = await cli(['jira', 'analytics', '--project', 'SHOP'], { JIRA_BASE_URL: '' });
    expect(noJira.status).toBe(2);
    expect(noJira.stderr).toContain('no Jira site: set jira.site in casewright.config.yaml or JIRA_BASE_URL');
  });
});
