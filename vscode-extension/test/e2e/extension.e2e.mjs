// The extension in a REAL VS Code (code-server's workbench in headless chromium).
// Run with `npm run test:e2e` from the repository root; it installs its own toolchain.
// Screenshots of each state go to a temporary folder; `npm run docs:screenshots` sets
// CASEWRIGHT_SCREENSHOTS=docs/images to refresh the documentation's images (never `npm test`).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { packageExtension } from '../../scripts/package.mjs';
import { answerInput, runCommand, startVsCode, waitFor } from './harness.mjs';
import { REPO } from './toolchain.mjs';
// Local wire-protocol servers (TypeScript; this file runs under `node --import tsx`).
import { startJiraServer } from '../../../test/servers/jira-server.ts';
import { startBigQueryServer } from '../../../test/servers/bigquery-server.ts';

const IMAGES = process.env.CASEWRIGHT_SCREENSHOTS
  ? resolve(REPO, process.env.CASEWRIGHT_SCREENSHOTS)
  : mkdtempSync(join(tmpdir(), 'casewright-e2e-shots-'));
let vs;
let jira;
let bigquery;
let story;

/** Three logged conversations, answered in the BigQuery REST v2 shapes by the local server. */
const LOGGED = [1, 2, 3].map((i) => ({
  id: `conv-${i}`,
  model: 'gpt-4o-mini',
  ts: new Date(Date.UTC(2026, 5, i, 12)).toISOString(),
  messages: JSON.stringify([
    { role: 'user', content: `Where is my order ${i}?` },
    { role: 'assistant', content: `Order ${i} ships tomorrow.` },
  ]),
  sort_key: `conv-${i}`,
}));

function bigQueryAnswer(query, params) {
  const rows = params.cap ? LOGGED.slice(0, Number(params.cap.value)) : LOGGED;
  if (query.startsWith('SELECT COUNT(*)'))
    return { schema: [{ name: 'n', type: 'INTEGER' }], rows: [{ n: rows.length }], totalBytesProcessed: 1000 };
  const after = params.after_key?.value;
  return {
    schema: ['id', 'model', 'ts', 'messages', 'sort_key'].map((name) => ({ name, type: name === 'ts' ? 'TIMESTAMP' : 'STRING' })),
    rows: after ? rows.filter((r) => r.sort_key > after) : rows,
    totalBytesProcessed: 1000,
  };
}

async function shot(name) {
  mkdirSync(IMAGES, { recursive: true });
  await vs.page.screenshot({ path: join(IMAGES, `vscode-${name}.png`) });
}

function rows() {
  return vs.page.locator('.test-explorer .monaco-list-row');
}

async function row(label) {
  const locator = rows().filter({ hasText: label }).first();
  await locator.waitFor({ state: 'visible', timeout: 30_000 });
  return locator;
}

async function expand(label) {
  const r = await row(label);
  if ((await r.getAttribute('aria-expanded')) === 'false') await r.locator('.monaco-tl-twistie').click();
  await waitFor(`${label} to expand`, async () => (await r.getAttribute('aria-expanded')) === 'true', 10_000);
}

async function openFile(name) {
  await vs.page.keyboard.press('F1');
  const input = vs.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  await vs.page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor();
  await vs.page.keyboard.press('Enter');
  await vs.page.locator(`.tab[aria-label^="${name}"]`).first().waitFor();
}

/** The Jira-synced manual case: three steps, so one execution can PASS, FAIL and BLOCK. */
const REFUNDS_JIRA = (story) => `# Synced with Jira by the e2e test
suite: Refunds in Jira
story: ${story}
cases:
  - id: 4d0a7096-8142-4e2c-9d5a-5f6071829304
    title: Refund button is on the order page
    kind: manual
    steps:
      - action: Open an order
        expected: A Refund button is shown
      - action: Click Refund
        expected: The refund form opens
      - action: Submit the form
        expected: A refund number is shown
`;

before(async () => {
  const vsix = await packageExtension();
  jira = await startJiraServer({ basicAuth: { email: 'qa@example.com', apiToken: 'jira-token-123456' } });
  story = jira.addIssue({ project: 'SHOP', summary: 'Refunds from the orders page' });
  bigquery = await startBigQueryServer({ answer: bigQueryAnswer });
  vs = await startVsCode({
    env: { METADATA_SERVER_DETECTION: 'none' },
    files: {
      '.vscode/settings.json': JSON.stringify({
        'casewright.jira.site': jira.url,
        'casewright.jira.email': 'qa@example.com',
        'casewright.bigquery.project': 'acme-prod',
        'casewright.bigquery.table': 'acme-prod.support.conversations',
        'casewright.bigquery.apiEndpoint': bigquery.url,
      }),
      'refunds-jira.cases.yaml': REFUNDS_JIRA(story),
      // A build output copy: never listed, never pushed.
      'dist/refunds-jira.cases.yaml': REFUNDS_JIRA(story).replace('Refund button is on the order page', 'A copy under dist/'),
    },
    vsix,
    workspace: join(import.meta.dirname, 'workspace'),
    // The example app and its target from examples/: the runner starts the app for the run.
    copies: [
      { from: join(REPO, 'examples', 'app'), to: 'app' },
      { from: join(REPO, 'examples', 'targets', 'example-app.yaml'), to: 'targets/example-app.yaml' },
    ],
  });
  console.log(`activation: ${JSON.stringify(vs.activation)}`);
});

after(async () => {
  await vs?.stop();
  await jira?.close();
  await bigquery?.close();
});

test('the extension activates light: every case file is listed, none is read and core is not loaded', () => {
  // support, echo, continuous, slow, typo, stories/refunds and refunds-jira; never dist/.
  assert.equal(vs.activation.files, 7);
  assert.equal(vs.activation.coreLoaded, false);
});

test('the Testing view lists file → case → turn', async () => {
  await runCommand(vs.page, 'Testing: Focus on Test Explorer View');
  await expand('support.cases.yaml');
  for (const title of [
    'Explains the refund window',
    'Hands over to a human with the widget marker',
    'Refund form is reachable from the orders page',
  ]) {
    await row(title);
  }
  await expand('Greets, then handles a refund question');
  await row('Turn 1: Hi there');
  await row('Turn 2: I want a refund');
  await shot('testing-view');
});

test('a broken case file gets diagnostics at the right place, and appears in the tree without a refresh', async () => {
  writeFileSync(
    join(vs.dirs.workspace, 'broken.cases.yaml'),
    [
      'suite: Broken on purpose',
      'cases:',
      '  - title: A case without an id',
      '    kind: conversation',
      '    input:',
      '      messages:',
      '        - role: user',
      '          content: hi',
      '    expected:',
      '      assert:',
      '        - type: icontain',
      '          value: hello',
      '',
    ].join('\n'),
  );
  await row('broken.cases.yaml');
  await openFile('broken.cases.yaml');
  await vs.page.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
  await runCommand(vs.page, 'View: Focus Problems');
  const problems = vs.page.locator('.markers-panel .monaco-list-row');
  await problems.filter({ hasText: "missing required field 'id'" }).first().waitFor();
  await problems.filter({ hasText: 'icontain' }).first().waitFor();
  await shot('diagnostics');
});

async function runRow(label) {
  const r = await row(label);
  await r.hover();
  await r.locator('.codicon-testing-run-icon').click();
}

test('running a passing case marks it passed', async () => {
  await runCommand(vs.page, 'Testing: Focus on Test Explorer View');
  await runRow('Explains the refund window');
  const r = await row('Explains the refund window');
  await r.locator('.codicon-testing-passed-icon').waitFor({ timeout: 60_000 });
});

test('running a failing case marks it failed and shows the diff at the assertion', async () => {
  await runRow('Hands over to a human with the widget marker');
  const r = await row('Hands over to a human with the widget marker');
  await r.locator('.codicon-testing-failed-icon').waitFor({ timeout: 60_000 });
  // Open the failure: the peek view shows the message with expected and actual side by side.
  await r.dblclick();
  const peek = vs.page.locator('.test-output-peek');
  await peek.waitFor({ timeout: 30_000 });
  await peek.getByText('starts-with', { exact: false }).first().waitFor();
  await peek.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
  await shot('failed-diff');
});

async function notification(text) {
  const toast = vs.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
  try {
    await toast.waitFor({ timeout: 60_000 });
  } catch (error) {
    // Say what the editor showed instead (an error notification is the usual cause).
    const shown = await vs.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
    throw new Error(`no notification '${text}'; shown: ${JSON.stringify(shown)}`, { cause: error });
  }
  return toast;
}

async function pick(title, label) {
  await vs.page.locator('.quick-input-widget .quick-input-title', { hasText: title }).first().waitFor({ state: 'visible' });
  const option = vs.page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await option.waitFor({ state: 'visible' });
  await option.click();
}

async function setKey(provider, secret) {
  await runCommand(vs.page, 'Casewright: Set Provider API Key');
  await pick('which provider is the key for?', provider);
  await answerInput(vs.page, `API key for ${provider}`, secret);
  await notification(`the ${provider} key is stored`);
}

test('Push Cases to Jira creates the test issue, linked to the story, and writes the link into the file', async () => {
  await setKey('jira', 'jira-token-123456');
  await runCommand(vs.page, 'Casewright: Push Cases to Jira');
  await notification('Jira push: 1 file updated');
  const created = [...jira.issues.values()].find((i) => i.fields.summary === 'Refund button is on the order page');
  assert.ok(created, 'the case became a Jira issue');
  assert.ok(jira.links.some((l) => l.inward === created.key && l.outward === story));
  const text = readFileSync(join(vs.dirs.workspace, 'refunds-jira.cases.yaml'), 'utf8');
  assert.match(text, new RegExp(`key: ${created.key}`));
  assert.match(text, /# Synced with Jira by the e2e test/);
  await vs.page.keyboard.press('Escape');
  await openFile('refunds-jira.cases.yaml');
  await vs.page.locator('.view-lines', { hasText: created.key }).first().waitFor();
  await shot('jira-push');
});

test('Import Conversations reads a BigQuery table (local REST server) into a case file', async () => {
  await setKey('bigquery', 'ya29.local-test-token-abcdef');
  await runCommand(vs.page, 'Casewright: Import Conversations');
  await pick('import conversations from', 'BigQuery table');
  await answerInput(vs.page, 'BigQuery table', 'acme-prod.support.conversations');
  await answerInput(vs.page, 'Filters (optional)', 'limit=2');
  await answerInput(vs.page, 'Add the cases to', 'imported.cases.yaml');
  const toast = await notification('2 cases imported into imported.cases.yaml');
  const text = readFileSync(join(vs.dirs.workspace, 'imported.cases.yaml'), 'utf8');
  assert.match(text, /Where is my order 1\?/);
  assert.doesNotMatch(text, /order 3/);
  // The stored token reached BigQuery as a bearer token, and never the log.
  assert.ok(bigquery.requests.length > 0);
  await row('Imported conversations');
  await toast.getByRole('button', { name: 'Open' }).click();
  await vs.page.locator('.view-lines', { hasText: 'Where is my order 1' }).first().waitFor();
  await shot('import-bigquery');
});

test('Generate from the current Markdown story writes a case file beside it and lists it in the Testing view', async () => {
  await openFile('password-reset.md');
  await runCommand(vs.page, 'Casewright: Generate Cases from the Current Markdown Story');
  const toast = await notification('cases to stories/password-reset.cases.yaml');
  const text = await toast.innerText();
  assert.match(text, /coverage (\d+)\/\1 criteria/, `every criterion is covered: ${text}`);
  const file = join(vs.dirs.workspace, 'stories', 'password-reset.cases.yaml');
  assert.match(readFileSync(file, 'utf8'), /kind: manual/);
  await vs.page.locator('.tab', { hasText: 'password-reset.cases.yaml' }).first().waitFor();
  await row('password-reset.cases.yaml');
  await shot('generate-markdown');
});

test('Execute manually (CodeLens) opens the stepper; the recorded result shows in the Testing view', async () => {
  await openFile('support.cases.yaml');
  // Go to the manual case so its CodeLens is rendered.
  await vs.page.keyboard.press('F1');
  await vs.page.locator('.quick-input-widget input').fill(':48');
  await vs.page.keyboard.press('Enter');
  const lens = vs.page.locator('.codelens-decoration a', { hasText: 'Execute manually' }).first();
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();
  // The webview: an iframe (the host) with the page in an inner iframe.
  const frame = vs.page.frameLocator('iframe.webview.ready').first().frameLocator('iframe#active-frame');
  await frame.getByText('Refund form is reachable from the orders page').first().waitFor({ timeout: 30_000 });
  await frame.locator('input[name="s1"][value="PASS"]').check();
  await frame.locator('input[name="s2"][value="PASS"]').check();
  await frame.locator('textarea[name="a2"]').fill('Form opened with order ACM-1 preselected');
  await frame.getByText('Overall: PASSED').waitFor();
  await shot('manual-stepper');
  await frame.getByRole('button', { name: 'Record result' }).click();
  await notification('"Refund form is reachable from the orders page" passed');
  await runCommand(vs.page, 'Testing: Focus on Test Explorer View');
  const r = await row('Refund form is reachable from the orders page');
  await r.locator('.codicon-testing-passed-icon').waitFor({ timeout: 30_000 });
});
