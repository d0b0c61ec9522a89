// The Judge Review view, Export Cases… and a review edit across a window reload, in a REAL VS Code
// (code-server's workbench in headless chromium), as a user drives them. A run through the
// Test Explorer judges the answer with the local OpenAI server (chat completions with
// response_format json_schema: https://platform.openai.com/docs/api-reference/chat/create), so
// the CLI itself queues the doubtful verdict in .casewright/judge-queue.jsonl; the test then
// reads it in the view, overrides it with a typed note, and checks the file, the view, the Test
// Explorer and the agreement report. Screenshots go to a temporary folder unless
// CASEWRIGHT_SCREENSHOTS is set (`npm run docs:screenshots`).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { packageExtension } from '../../scripts/package.mjs';
import { startVsCode, waitFor } from './harness.mjs';
import { REPO } from './toolchain.mjs';
import { workbench } from './workbench.mjs';
// Local wire-protocol server and its judges (TypeScript; this file runs under `node --import tsx`).
import { startOpenAIServer } from '../../../test/servers/openai-server.ts';
import { judgeReply } from '../../../test/servers/llm-judges.ts';

const IMAGES = process.env.CASEWRIGHT_SCREENSHOTS
  ? resolve(REPO, process.env.CASEWRIGHT_SCREENSHOTS)
  : mkdtempSync(join(tmpdir(), 'casewright-e2e-shots-'));
let vs;
let ui;
let llm;

const JUDGED = 'Refund within 30 days';
const DRAFT = 'Refund of a gift card';
const CASES = `suite: Refunds
defaults:
  target: bot
cases:
  - id: bbbbbbbb-0000-4000-8000-000000000001
    title: ${JUDGED}
    kind: conversation
    status: ready
    input:
      messages: [{ role: user, content: Can I get a refund after 20 days? }]
    expected:
      requirements: [Confirms the 30-day refund window, Mentions the refund, Is polite, Does not ask for card details]
      assert: [{ type: llm-judge, judge: "local:judge-strict" }]
  - id: bbbbbbbb-0000-4000-8000-000000000002
    title: Refund button on the order page
    kind: manual
    status: ready
    steps:
      - action: Open an order
        expected: A Refund button is shown
      - action: Click Refund
        expected: The refund form opens
  - id: bbbbbbbb-0000-4000-8000-000000000003
    title: ${DRAFT}
    kind: conversation
    status: draft
    input:
      messages: [{ role: user, content: Can I get my gift card money back? }]
    expected:
      assert: [{ type: icontains, value: gift card }]
`;

async function shot(name) {
  mkdirSync(IMAGES, { recursive: true });
  await vs.page.screenshot({ path: join(IMAGES, `vscode-${name}.png`) });
}

const workspaceFile = (name) => join(vs.dirs.workspace, name);
const readWorkspace = (name) => readFileSync(workspaceFile(name), 'utf8');
const jsonLines = (name) =>
  existsSync(workspaceFile(name))
    ? readWorkspace(name)
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

/** The Judge Review pane of the Testing view container, and its rows. */
const pane = () => vs.page.locator('.pane', { has: vs.page.locator('.pane-header', { hasText: 'Judge Review' }) });
const reviewRow = (text) => pane().locator('.monaco-list-row', { hasText: text }).first();

/** The text of the active editor (a short document: every line is rendered; the editor draws spaces as no-break spaces). */
const editorText = async () =>
  (await vs.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');

before(async () => {
  const vsix = await packageExtension();
  llm = await startOpenAIServer({
    handler: (chat) => (chat.jsonSchema ? judgeReply(chat) : 'Yes, within 30 days you get a refund. Please send your card details.'),
  });
  vs = await startVsCode({
    files: {
      'casewright.config.yaml': `providers:
  local: { type: openai-compatible, baseURL: "${llm.url}/v1" }
router: { maxRetries: 0, timeoutMs: 60000 }
targets:
  bot: { type: model, model: "local:bot-1", system: You are Acme support. }
`,
      'refunds.cases.yaml': CASES,
    },
    vsix,
  });
  ui = workbench(vs.page);
});

after(async () => {
  await vs?.stop();
  await llm?.close();
});

test('a run queues a doubtful judge verdict; the Judge Review view shows it; an override with a typed note becomes the outcome', async () => {
  await ui.command('Testing: Focus on Test Explorer View');
  await ui.expand('refunds.cases.yaml');
  await ui.rowAction(JUDGED, 'run');
  await ui.rowState(JUDGED, 'failed', 120_000);
  // The CLI queued it (3 of 4 requirements met: near the threshold of 1).
  await waitFor('the verdict to be queued', async () => jsonLines('.casewright/judge-queue.jsonl').length === 1, 30_000);
  const [queued] = jsonLines('.casewright/judge-queue.jsonl');
  assert.deepEqual([queued.type, queued.title, queued.why, queued.pass, queued.score], ['queued', JUDGED, ['near-threshold'], false, 0.75]);

  // The view (refreshed after the run and by the file watcher) lists it, with the count.
  // It appears in the Testing sidebar once the folder has a queue.
  await pane().locator('.pane-header').waitFor({ timeout: 30_000 });
  if ((await pane().locator('.pane-header').getAttribute('aria-expanded')) === 'false') await pane().locator('.pane-header').click();
  await reviewRow(JUDGED).waitFor({ timeout: 30_000 });
  await pane().locator('.pane-header', { hasText: '1 pending' }).waitFor({ timeout: 30_000 });
  assert.match(await reviewRow(JUDGED).innerText(), /judges: fail 0\.75 \/ 1/);

  // Selecting it shows what a person needs: the check, the score against the threshold, each requirement and reason, the answer.
  const tab = vs.page.locator('.tab', { hasText: `${queued.id} ${JUDGED}` }).first();
  for (let attempt = 1; ; attempt++) {
    // A click on a loaded machine can land while the row is redrawn: click again.
    await reviewRow(JUDGED).click();
    try {
      await tab.waitFor({ timeout: 15_000 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
  await waitFor('the verdict document', async () => (await editorText()).includes('score 0.75 vs threshold 1'), 30_000);
  const shown = await editorText();
  for (const part of [
    'judges: local:judge-strict fail 0.75',
    'not met  Does not ask for card details — the answer asks for the card number',
    'met      Confirms the 30-day refund window',
    'answer: Yes, within 30 days you get a refund. Please send your card details.',
  ])
    assert.ok(shown.includes(part), `the document shows "${part}":\n${shown}`);
  await shot('judge-review');

  // Override (the row's inline action), with a note typed key by key.
  const note = 'asking for the card is how refunds work here';
  const noteBox = vs.page.locator('.quick-input-widget .quick-input-title', { hasText: `override "${JUDGED}": it is a pass` }).first();
  for (let attempt = 1; ; attempt++) {
    // On a loaded machine the hover's inline actions can be redrawn under the pointer: hover and click again.
    await reviewRow(JUDGED).hover();
    await reviewRow(JUDGED)
      .locator('.action-label.codicon-arrow-swap')
      .click({ timeout: 10_000 })
      .catch(() => {});
    try {
      await noteBox.waitFor({ state: 'visible', timeout: 10_000 });
      break;
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
  await vs.page.locator('.quick-input-widget input').click();
  await vs.page.keyboard.type(note);
  await vs.page.keyboard.press('Enter');
  await waitFor('the decision line', async () => jsonLines('.casewright/judge-queue.jsonl').length === 2, 30_000);
  const decided = jsonLines('.casewright/judge-queue.jsonl')[1];
  assert.deepEqual(
    [decided.type, decided.id, decided.decision, decided.pass, decided.note],
    ['decided', queued.id, 'overridden', true, note],
  );
  await ui.notification(`"${JUDGED}": overridden (pass); recorded in .casewright/judge-queue.jsonl; the case is now passed`);

  // The override is the case's recorded outcome, and the view and the Test Explorer say so.
  const lastRun = JSON.parse(readWorkspace('.casewright/last-run.json'));
  assert.equal(lastRun.cases.find((c) => c.title === JUDGED).outcome, 'passed');
  await pane().locator('.pane-header', { hasText: '0 pending' }).waitFor({ timeout: 30_000 });
  const group = reviewRow('Decided (1)');
  await group.waitFor({ timeout: 30_000 });
  if ((await group.getAttribute('aria-expanded')) === 'false') await group.click();
  await waitFor('the decided row', async () => /overridden → pass · asking for the card/.test(await reviewRow(JUDGED).innerText()), 30_000);
  await ui.command('Testing: Focus on Test Explorer View');
  await ui.rowState(JUDGED, 'passed', 30_000);
});

test('Judge Agreement shows kappa and the confusion matrix of each judge model', async () => {
  await ui.command('Casewright: Judge Agreement');
  await vs.page.locator('.tab', { hasText: 'Judge Agreement' }).first().waitFor({ timeout: 30_000 });
  await waitFor('the agreement report', async () => (await editorText()).includes('local:judge-strict: κ ='), 30_000);
  const text = await editorText();
  // One decided verdict: the judge said fail, the person pass.
  assert.match(text, /local:judge-strict: κ = .* over 1 verdict \(agreement 0\.0 %/);
  assert.match(text, /judge: pass\s+0\s+0/);
  assert.match(text, /judge: fail\s+1\s+0/);
  assert.match(text, /1 decided, 0 pending/);
  await ui.command('View: Close All Editors');
});

test('Export Cases… writes Xray tests and Gherkin through core, and a broken case file writes nothing and says where', async () => {
  const exportAs = async (format, project) => {
    for (let attempt = 1; ; attempt++) {
      await ui.command('Casewright: Export Cases…');
      try {
        await ui.pick('export cases as', format);
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
        await vs.page.keyboard.press('Escape');
      }
    }
    if (project !== undefined) {
      await vs.page.locator('.quick-input-widget .quick-input-title', { hasText: 'the Jira project key' }).first().waitFor();
      await vs.page.locator('.quick-input-widget input').click();
      await vs.page.keyboard.type(project);
      await vs.page.keyboard.press('Enter');
    }
    await ui.pick('where to?', 'the default');
  };

  await exportAs('Xray tests (JSON)', 'SHOP');
  await ui.notification('exported 3 cases as Xray tests (JSON) to .casewright/export/xray-tests.json');
  const tests = JSON.parse(readWorkspace('.casewright/export/xray-tests.json'));
  assert.deepEqual(
    tests.map((t) => [t.testtype, t.fields.summary, t.fields.project.key]),
    [
      ['Generic', JUDGED, 'SHOP'],
      ['Manual', 'Refund button on the order page', 'SHOP'],
      ['Generic', DRAFT, 'SHOP'],
    ],
  );

  await exportAs('Gherkin .feature files');
  await ui.notification('exported 1 scenario as Gherkin .feature files');
  const feature = readWorkspace('.casewright/export/features/refunds.feature');
  assert.match(feature, /Scenario: Refund button on the order page/);

  // A broken case file: the error says what and where, and nothing is written.
  const before = readWorkspace('.casewright/export/xray-tests.json');
  writeFileSync(
    workspaceFile('broken.cases.yaml'),
    'suite: Broken\ncases:\n  - title: No id\n    kind: manual\n    steps: [{ action: Open }]\n',
  );
  await ui.clearNotifications();
  await exportAs('Xray tests (JSON)', 'SHOP');
  const error = await ui.notification('Xray tests (JSON): nothing was written: broken.cases.yaml:3');
  assert.match(await error.innerText(), /id/);
  assert.equal(readWorkspace('.casewright/export/xray-tests.json'), before);
  rmSync(workspaceFile('broken.cases.yaml'));
  await ui.clearNotifications();
});

test('a review edit waiting for its save survives a window reload, and the save records it with its diff', async () => {
  await ui.command('Casewright: Review Draft Cases');
  await ui.pick('draft case', DRAFT);
  await ui.pick(DRAFT, 'Edit');
  await ui.notification('and save the file');

  // Reload the window: the extension host restarts; the pending edit is in the workspace state.
  rmSync(vs.marker, { force: true });
  await ui.command('Developer: Reload Window');
  await waitFor('the extension to activate again', () => existsSync(vs.marker), 120_000, 200);
  await vs.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });

  await ui.openFile('refunds.cases.yaml');
  const lines = readWorkspace('refunds.cases.yaml').split('\n');
  const titleLine = lines.findIndex((l) => l.includes(`title: ${DRAFT}`));
  await ui.goToLine(titleLine + 1);
  await vs.page.keyboard.press('End');
  await vs.page.keyboard.type(' (edited)');
  await vs.page.keyboard.press('Control+S');
  await waitFor('the edit to be recorded', async () => jsonLines('.casewright/decisions.jsonl').length === 1, 60_000);
  const [edit] = jsonLines('.casewright/decisions.jsonl');
  assert.equal(edit.decision, 'edited');
  assert.match(edit.diff, /^-title: Refund of a gift card$/m);
  assert.match(edit.diff, /^\+title: Refund of a gift card \(edited\)$/m);
  const saved = parseYaml(readWorkspace('refunds.cases.yaml')).cases.find((c) => c.id.endsWith('0003'));
  assert.deepEqual([saved.status, saved.title], ['ready', `${DRAFT} (edited)`]);
});
