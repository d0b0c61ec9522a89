/**
 * The judge validation queue through Jira, as a team uses it: `casewright run --jira` (a child
 * process, the real router and `openai` SDK against the local OpenAI server — chat completions
 * with response_format json_schema, https://platform.openai.com/docs/api-reference/chat/create)
 * judges answers with a judge ensemble and sends the doubtful verdicts to the story on the local
 * Jira (entity properties, https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-properties/);
 * the story panel's Judge review — the real @forge/react reconciler over the real resolvers and
 * Forge SDKs (test/servers/forge-app.ts) — shows them; a person overrides one with a note typed
 * key by key and confirms the other; the case's recorded history takes the overridden outcome;
 * the project's agreement per judge is shown; `casewright judge-queue pull --jira` brings the
 * decisions into .casewright/judge-queue.jsonl (once), where `judge-agreement` counts them; the
 * admin's "Forget review decisions" forgets the Judge review's decisions too.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installBridge, button, field, fire, typeInto, waitForText, type Bridge } from '../../test/servers/forge-ui.js';
import { startForgeApp, type ForgeApp } from '../../test/servers/forge-app.js';
import { startOpenAIServer, type LocalServer } from '../../test/servers/openai-server.js';
import { judgeReply, refundJudgeCases } from '../../test/servers/llm-judges.js';
import { runCasewright } from '../../test/helpers/cli.js';

const bridge: Bridge = installBridge();
let app: ForgeApp;
let llm: LocalServer;
let dir: string;
let story: string;
const token = 'ATATT-judge-review-secret-42';

const cli = (...args: string[]) =>
  runCasewright(args, {
    cwd: dir,
    env: {
      XDG_CONFIG_HOME: path.join(dir, '.config'),
      JIRA_BASE_URL: app.jira.url,
      JIRA_EMAIL: 'mia@example.com',
      JIRA_API_TOKEN: token,
      OPENAI_API_KEY: '',
      GITHUB_ACTIONS: '',
      CI: '',
    },
  });

beforeAll(async () => {
  app = await startForgeApp();
  llm = await startOpenAIServer({
    handler: (chat) => (chat.jsonSchema ? judgeReply(chat) : 'Yes, within 30 days you get a refund. Please send your card details.'),
  });
  dir = await mkdtemp(path.join(tmpdir(), 'cw-judge-jira-'));
  story = app.jira.addIssue({ project: 'SHOP', summary: 'Refunds', acceptanceCriteria: '- Refund within 30 days\n- No card details' });
  await writeFile(
    path.join(dir, 'casewright.config.yaml'),
    `providers:
  local: { type: openai-compatible, baseURL: "${llm.url}/v1" }
router: { maxRetries: 0, timeoutMs: 10000 }
targets:
  bot: { type: model, model: "local:bot-1", system: You are Acme support. }
`,
  );
  await writeFile(path.join(dir, 'refunds.cases.yaml'), refundJudgeCases(story));
  const { ForgeReconciler } = await import('./render.js');
  const { IssuePanel } = await import('./issue-panel.js');
  const { callResolver } = await import('../forge-adapters/browser.js');
  bridge.connect(app.handler as never, {
    accountId: 'anna-1',
    extension: { type: 'jira:issuePanel', issue: { key: story }, project: { key: 'SHOP' } },
  });
  // Rendered once the run has recorded (UI Kit has no unmount; one tree per file).
  (globalThis as { renderPanel?: () => void }).renderPanel = () => ForgeReconciler.render(<IssuePanel call={callResolver} pollMs={10} />);
}, 60_000);
afterAll(async () => {
  await llm?.close();
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const runProperty = (key: string) =>
  app.jira.issues.get(key)!.properties.get('casewright-run') as {
    outcome: string;
    history: Array<{ execution: string; outcome: string; overridden?: { from: string; by: string } }>;
  };

// One journey: each step builds on the one before.
describe('the judge validation queue in Jira', { shuffle: false, timeout: 240_000 }, () => {
  let caseKeys: Record<string, string> = {};

  it('run --jira sends the verdicts a person should check to the story', async () => {
    const push = await cli('jira', 'push', 'refunds.cases.yaml');
    expect(push.status, push.stderr).toBe(0);
    const file = await readFile(path.join(dir, 'refunds.cases.yaml'), 'utf8');
    const keys = [...file.matchAll(/key: (SHOP-\d+)/g)].map((m) => m[1]!);
    expect(keys).toHaveLength(3);
    caseKeys = { 'Refund within 30 days': keys[0]!, 'No card details in the chat': keys[1]! };

    const run = await cli('run', 'refunds.cases.yaml', '--jira', '--reporter', 'json', '--out', 'reports');
    expect(run.status, run.stderr).toBe(1);
    expect(run.stderr).toContain('2 judge verdicts queued for a person');
    expect(run.stderr).toContain(`jira: 2 judge verdicts for a person on the stories (the Jira app's Judge review)`);
    expect(runProperty(caseKeys['Refund within 30 days']!).outcome).toBe('failed');
    const prop = app.jira.issues.get(story)!.properties.get('casewright-judge-queue') as {
      pending: number;
      items: Array<{ title: string }>;
    };
    expect(prop.pending).toBe(2);
    expect(prop.items.map((i) => i.title)).toEqual(['Refund within 30 days', 'No card details in the chat']);
    expect(JSON.stringify(prop)).not.toContain(token);
  });

  it('the panel shows them; an override with a note typed key by key becomes the case outcome; a confirmation too; agreement per judge', async () => {
    (globalThis as { renderPanel?: () => void }).renderPanel!();
    const text = await waitForText(bridge, (t) => t.includes('2 judge verdicts to check'));
    // What a person needs to decide: the requirement, each judge's vote and reason, the score against the threshold, the answer.
    expect(text).toContain('llm-judge: score 0.75 vs threshold 1 · judges: local:judge-strict fail 0.75');
    expect(text).toContain('Not met: Does not ask for card details — the answer asks for the card number');
    expect(text).toContain('local:judge-kind: met — the answer says so');
    expect(text).toContain('Answer: Yes, within 30 days you get a refund. Please send your card details.');
    expect(text).toContain('No judge verdicts decided in this project yet.');

    await fire(button(bridge.doc, 'Override (pass)', 0), 'onClick');
    await waitForText(bridge, (t) => t.includes('Override: it is a pass. Why? (optional)'));
    await typeInto(field(bridge, 'TextArea', 'judge-note'), 'asking for the card is how refunds work here');
    await fire(button(bridge.doc, 'Record decision'), 'onClick');
    await waitForText(bridge, (t) =>
      t.includes(`${caseKeys['Refund within 30 days']}: overridden → pass; the case is now passed (was failed)`),
    );

    // The case's recorded outcome in Jira is the person's: the last outcome and the execution's history entry.
    const run = runProperty(caseKeys['Refund within 30 days']!);
    expect(run.outcome).toBe('passed');
    expect(run.history.at(-1)).toMatchObject({ outcome: 'passed', overridden: { from: 'failed', by: 'anna-1' } });
    // The other case keeps the judges' outcome.
    expect(runProperty(caseKeys['No card details in the chat']!).outcome).toBe('failed');

    await waitForText(bridge, (t) => t.includes('1 judge verdict to check'));
    await fire(button(bridge.doc, 'Confirm (fail)', 0), 'onClick');
    await typeInto(field(bridge, 'TextArea', 'judge-note'), 'no card numbers in chat');
    await fire(button(bridge.doc, 'Record decision'), 'onClick');
    const after = await waitForText(bridge, (t) => t.includes('No judge verdicts of this story are waiting') && t.includes('Decided (2)'));
    expect(after).toContain('Decided: overridden → pass · Note: asking for the card is how refunds work here');
    expect(after).toContain('Decided: confirmed → fail · Note: no card numbers in chat');
    // Agreement from the decisions made in Jira: judge-strict said fail twice, people said pass once and fail once.
    expect(after).toContain('local:judge-strict: κ = 0.000 over 2 verdicts (agreement 50.0 %, by chance 50.0 %)');
    expect(after).toContain('judge pass / person pass 0, person fail 0 · judge fail / person pass 1, person fail 1');
    // judge-kind said pass where the person said fail: no agreement, none expected by chance either.
    expect(after).toContain('local:judge-kind: κ = 0.000 over 1 verdict (agreement 0.0 %, by chance 0.0 %)');
    expect(after).toContain("2 decisions in this project's Judge review.");
    expect(runProperty(caseKeys['No card details in the chat']!).outcome).toBe('failed');
    // The project's judge log in Forge storage.
    expect([...app.harness.kvs.keys()].filter((k) => k.startsWith('judgelog:SHOP:'))).toHaveLength(2);
  });

  it('judge-queue pull --jira brings the decisions home once; judge-agreement counts them', async () => {
    const noJira = await cli('judge-queue', 'pull');
    expect(noJira.status).toBe(2);
    expect(noJira.stderr).toContain('judge-queue pull brings decisions from Jira: add --jira');
    const badStory = await cli('judge-queue', 'pull', '--jira', '--story', 'refunds');
    expect(badStory.status).toBe(2);
    expect(badStory.stderr).toContain('judge-queue pull --story: REFUNDS is not a Jira issue key (like SHOP-12)');
    const pull = await cli('judge-queue', 'pull', '--jira');
    expect(pull.status, pull.stderr).toBe(0);
    expect(pull.stdout).toContain(
      '2 decisions from Jira (0 verdicts new here, 0 already here) from 1 story into .casewright/judge-queue.jsonl',
    );
    const again = await cli('judge-queue', 'pull', '--jira');
    expect(again.stdout).toContain('0 decisions from Jira (0 verdicts new here, 2 already here)');
    const lines = (await readFile(path.join(dir, '.casewright/judge-queue.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; decision?: string; note?: string; by?: string });
    expect(lines.map((l) => [l.type, l.decision ?? null])).toEqual([
      ['queued', null],
      ['queued', null],
      ['decided', 'overridden'],
      ['decided', 'confirmed'],
    ]);
    expect(lines[2]).toMatchObject({ note: 'asking for the card is how refunds work here', by: 'anna-1' });
    const agreement = await cli('judge-agreement', '--json');
    const report = JSON.parse(agreement.stdout) as { decided: number; pending: number; judges: Array<{ model: string; n: number }> };
    expect(report).toMatchObject({ decided: 2, pending: 0 });
    expect(report.judges.find((j) => j.model === 'local:judge-strict')).toMatchObject({ n: 2 });
    const list = await cli('judge-queue', 'list');
    expect(list.status).toBe(0);
  });

  it("the admin's Forget review decisions forgets the Judge review's decisions", async () => {
    const admin = { accountId: 'admin-1', extension: { type: 'jira:adminPage' } };
    const forgot = await app.call<{ ok: true; data: { forgotten: number } }>('forgetDecisions', {}, admin);
    expect(forgot.data.forgotten).toBe(2);
    expect([...app.harness.kvs.keys()].filter((k) => k.startsWith('judgelog:'))).toEqual([]);
    const panel = { accountId: 'anna-1', extension: { type: 'jira:issuePanel', issue: { key: story }, project: { key: 'SHOP' } } };
    const review = await app.call<{ ok: true; data: { agreement: unknown[]; decided: number } }>('getJudgeReview', {}, panel);
    expect(review.data).toMatchObject({ agreement: [], decided: 2 });
  });
});
