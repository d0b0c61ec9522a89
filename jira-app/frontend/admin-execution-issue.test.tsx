/**
 * The admin's choice of execution issue type, per project, on the Casewright settings page —
 * rendered by the real @forge/react reconciler over the real resolvers, the project key typed key
 * by key — stored in the project's `casewright.settings` entity property ("Set project
 * property", https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-project-properties/),
 * where `casewright run --jira` (a child process against the same local Jira, no flag, no config)
 * finds it and records the execution as an issue of that type.
 */
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBridge, waitForText, fire, button, field, typeInto, type Bridge } from '../../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../../test/servers/forge-app.js';
import { runCasewright } from '../../test/helpers/cli.js';

const bridge: Bridge = installBridge();
let app: ForgeApp;

beforeAll(async () => {
  app = await startForgeApp({
    jira: {
      projects: [
        { key: 'SHOP', issueTypes: ['Story', 'Task', 'Bug', 'Test'] },
        { key: 'QA', issueTypes: ['Story', 'Task', 'Bug', 'Test', 'Test Execution'] },
      ],
    },
  });
});
afterAll(() => app.close());

const flat = (t: string) => t.replace(/\s+/g, ' ');
const CASES = (story: string) => `suite: Greetings
story: ${story}
defaults:
  target: echo
cases:
  - id: 5d1c7a52-1111-4c1e-9b2f-0d6e5a7c9b10
    title: Greets back
    kind: conversation
    covers: [AC-1]
    input:
      messages:
        - role: user
          content: hello
    expected:
      assert: [{type: contains, value: hello}]
`;
const ECHO = `type: command
command: node
args: ["-e", "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const r=JSON.parse(s);console.log('echo: '+r.messages.at(-1).content)})"]
`;

describe('execution issue type per project', { shuffle: false }, () => {
  it('the admin picks the type on the settings page; the CLI then records executions as issues of that type, with neither flag nor config', async () => {
    const story = app.jira.addIssue({ project: 'QA', summary: 'Greetings', acceptanceCriteria: '- Greets back' });
    const { ForgeReconciler } = await import('./render.js');
    const { AdminPage } = await import('./admin-page.js');
    const { allowEgressHost, callResolver } = await import('../forge-adapters/browser.js');
    bridge.connect(app.handler as never, { accountId: 'admin-1', extension: { type: 'jira:adminPage' } });
    ForgeReconciler.render(<AdminPage call={callResolver} allowHost={allowEgressHost} />);
    await waitForText(bridge, (t) => t.includes('Executions, per project'));

    await typeInto(field(bridge, 'Textfield', 'execution-project'), 'QA');
    await fire(button(bridge.doc, 'Show issue types'), 'onClick');
    let text = flat(await waitForText(bridge, (t) => t.includes('Record each execution of QA as an issue of type')));
    expect(text).toContain('Now: none');
    const select = field(bridge, 'Select', 'execution-issue-type');
    expect((select().props.options as Array<{ label: string }>).map((o) => o.label)).toEqual([
      'None (no issue per execution)',
      'Story',
      'Task',
      'Bug',
      'Test',
      'Test Execution',
    ]);
    await fire(select(), 'onChange', { label: 'Test Execution', value: 'Test Execution' });
    await fire(button(bridge.doc, 'Save for QA'), 'onClick');
    text = flat(await waitForText(bridge, (t) => t.includes('Saved for QA')));
    expect(text).toContain('Each execution in QA is recorded as a Test Execution issue, linked to its cases.');
    expect(app.jira.projectProperties.get('QA')?.get('casewright.settings')).toEqual({ executionIssueType: 'Test Execution' });
    expect(app.jira.projectProperties.get('SHOP')).toBeUndefined();

    // The team's repository: a case of the story, pushed, then run in CI with --jira only.
    const dir = mkdtempSync(path.join(tmpdir(), 'cw-exec-type-'));
    mkdirSync(path.join(dir, 'targets'));
    writeFileSync(path.join(dir, 'targets/echo.yaml'), ECHO);
    writeFileSync(path.join(dir, 'greetings.cases.yaml'), CASES(story));
    const env = {
      XDG_CONFIG_HOME: path.join(dir, '.config'),
      JIRA_BASE_URL: app.jira.url,
      JIRA_EMAIL: 'ci@example.com',
      JIRA_API_TOKEN: 'ATATT-not-checked-here-1234',
      GITHUB_ACTIONS: '',
      CI: '',
    };
    const push = await runCasewright(['jira', 'push', 'greetings.cases.yaml'], { cwd: dir, env });
    expect(push.status, push.stderr).toBe(0);
    const run = await runCasewright(['run', '.', '--jira', '--reporter', 'json', '--out', 'out'], { cwd: dir, env });
    expect(run.status, run.stderr).toBe(0);
    const created = [...app.jira.issues.values()].filter((i) => (i.fields.issuetype as { name: string }).name === 'Test Execution');
    expect(created).toHaveLength(1);
    const execution = created[0]!;
    expect(run.stderr).toContain(`execution issue ${execution.key} (Test Execution, the Casewright settings of project QA)`);
    expect(execution.fields.labels).toEqual(['casewright-execution']);
    const caseKey = [...app.jira.issues.values()].find((i) => i.fields.summary === 'Greets back')!.key;
    expect(app.jira.links.some((l) => l.inward === execution.key && l.outward === caseKey)).toBe(true);

    // "None" on the page: the next run records no issue; a flag still wins over the project's choice.
    await fire(field(bridge, 'Select', 'execution-issue-type')(), 'onChange', { label: 'None (no issue per execution)', value: '' });
    await fire(button(bridge.doc, 'Save for QA'), 'onClick');
    await waitForText(bridge, (t) => flat(t).includes('Executions in QA get no issue of their own'));
    expect(app.jira.projectProperties.get('QA')?.get('casewright.settings')).toEqual({ executionIssueType: null });
    const again = await runCasewright(['run', '.', '--jira', '--reporter', 'json', '--out', 'out2'], { cwd: dir, env });
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('execution issue');
    const flagged = await runCasewright(['run', '.', '--jira', '--execution-issue', 'Task', '--reporter', 'json', '--out', 'out3'], {
      cwd: dir,
      env,
    });
    expect(flagged.stderr).toMatch(/execution issue QA-\d+ \(Task, --execution-issue\)/);
  }, 180_000);

  it('refuses a type the project does not have, and a person who is not a Jira administrator', async () => {
    const admin = { accountId: 'admin-1', extension: { type: 'jira:adminPage' } };
    const wrong = await app.call<{ ok: boolean; error: { message: string } }>(
      'setExecutionIssueType',
      { project: 'SHOP', issueType: 'Test Execution' },
      admin,
    );
    expect(wrong).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Project SHOP has no issue type "Test Execution"; it has: Story, Task, Bug, Test' },
    });
    app.jira.setUser('dev-1', { admin: false });
    const refused = await app.call<{ ok: boolean; error: { code: string } }>(
      'setExecutionIssueType',
      { project: 'QA', issueType: 'Task' },
      { accountId: 'dev-1', extension: { type: 'jira:adminPage' } },
    );
    expect(refused.error.code).toBe('FORBIDDEN');
    expect(app.jira.projectProperties.get('SHOP')).toBeUndefined();
  });
});
