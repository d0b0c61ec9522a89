// The extension in a REAL VS Code (code-server's workbench in headless chromium), as a user
// drives it. Run with `npm run test:e2e` from the repository root; it installs its own toolchain.
// Screenshots of each state go to a temporary folder; `npm run docs:screenshots` sets
// CASEWRIGHT_SCREENSHOTS=docs/images to refresh the documentation's images (never `npm test`).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { packageExtension } from '../../scripts/package.mjs';
import { startVsCode, waitFor } from './harness.mjs';
import { REPO } from './toolchain.mjs';
import { workbench } from './workbench.mjs';
// Local wire-protocol servers (TypeScript; this file runs under `node --import tsx`).
import { startJiraServer } from '../../../test/servers/jira-server.ts';
import { startBigQueryServer } from '../../../test/servers/bigquery-server.ts';

const IMAGES = process.env.CASEWRIGHT_SCREENSHOTS
  ? resolve(REPO, process.env.CASEWRIGHT_SCREENSHOTS)
  : mkdtempSync(join(tmpdir(), 'casewright-e2e-shots-'));
let vs;
let ui;
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

/** The Jira-synced manual case: three steps, so one execution can PASS, FAIL and BLOCK. */
const REFUNDS_JIRA = (key) => `# Synced with Jira by the e2e test
suite: Refunds in Jira
story: ${key}
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

async function shot(name) {
  mkdirSync(IMAGES, { recursive: true });
  await vs.page.screenshot({ path: join(IMAGES, `vscode-${name}.png`) });
}

const workspaceFile = (name) => join(vs.dirs.workspace, name);
const readWorkspace = (name) => readFileSync(workspaceFile(name), 'utf8');
/** The messages the echo target answered (targets/echo.yaml appends each to runs.log). */
const echoed = (message) =>
  existsSync(workspaceFile('runs.log'))
    ? readWorkspace('runs.log')
        .split('\n')
        .filter((line) => line === message).length
    : 0;
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

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
    // A git repository, so a git diff of a case file can be opened.
    git: true,
    // The example app and its target from examples/: the runner starts the app for the run.
    copies: [
      { from: join(REPO, 'examples', 'app'), to: 'app' },
      { from: join(REPO, 'examples', 'targets', 'example-app.yaml'), to: 'targets/example-app.yaml' },
    ],
  });
  ui = workbench(vs.page);
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

test('the Testing view lists file → case → turn, loading a file when it is expanded; tags filter it', async () => {
  await ui.command('Testing: Focus on Test Explorer View');
  await ui.row('refunds-jira.cases.yaml');
  assert.equal(await (await ui.row('support.cases.yaml')).getAttribute('aria-expanded'), 'false');
  await ui.expand('support.cases.yaml');
  for (const title of [
    'Explains the refund window',
    'Hands over to a human with the widget marker',
    'Refund form is reachable from the orders page',
  ]) {
    await ui.row(title);
  }
  await ui.expand('Greets, then handles a refund question');
  await ui.row('Turn 1: Hi there');
  await ui.row('Turn 2: I want a refund');
  await shot('testing-view');
  // Tags come from priority, kind, category and tags.
  await ui.expand('echo.cases.yaml');
  await ui.filterTests('@casewright:tag:smoke');
  await ui.row('Echoes a greeting');
  await waitFor(
    'the filter to hide untagged cases',
    async () => (await ui.rows().filter({ hasText: 'Answers the shipping question' }).count()) === 0,
  );
  await ui.filterTests('');
  await ui.row('Answers the shipping question word for word');
});

test('a broken case file gets diagnostics at the right place, and appears in the tree without a refresh', async () => {
  writeFileSync(
    workspaceFile('broken.cases.yaml'),
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
  await ui.row('broken.cases.yaml');
  await ui.openFile('broken.cases.yaml');
  await vs.page.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
  await ui.command('View: Focus Problems');
  const problems = vs.page.locator('.markers-panel .monaco-list-row');
  await problems.filter({ hasText: "missing required field 'id'" }).first().waitFor();
  await problems.filter({ hasText: 'icontain' }).first().waitFor();
  await shot('diagnostics');
});

test("the quick fix renames a typo'd id key and keeps the id (it never mints a new one)", async () => {
  await ui.openFile('typo.cases.yaml');
  const editor = vs.page.locator('.editor-instance', { hasText: 'A typo in a key' });
  await editor.locator('.squiggly-error').first().waitFor({ timeout: 30_000 });
  await editor.locator('.view-line', { hasText: 'idd:' }).getByText('idd').first().click();
  await vs.page.keyboard.press('Control+.');
  await vs.page.locator('.monaco-list-row.action', { hasText: "Rename 'idd' to 'id'" }).first().waitFor({ timeout: 15_000 });
  assert.equal(await vs.page.locator('.monaco-list-row.action', { hasText: 'Generate a case id' }).count(), 0);
  await vs.page.locator('.monaco-list-row.action', { hasText: "Rename 'idd' to 'id'" }).first().click();
  await vs.page.keyboard.press('Control+S');
  await waitFor('the renamed key on disk', () =>
    readWorkspace('typo.cases.yaml').includes('  - id: 1e7b5c8a-3d9f-4a2b-8c5d-6e7f80910213\n'),
  );
  assert.doesNotMatch(readWorkspace('typo.cases.yaml'), /idd:/);
});

test('a git diff of a case file adds no test item and no problem: it is a view of the file', async () => {
  // The quick fix above changed typo.cases.yaml; its committed side still has `idd:`.
  // "Git: Open Changes" (git.openChange), not "Git: Open All Changes", which ranks first.
  // The git extension scans the repository in the background; until it has seen the change
  // the command opens nothing, so it is asked again (up to three times) rather than once.
  const diff = vs.page.locator('.monaco-diff-editor').filter({ hasText: 'idd:' }).first();
  for (let attempt = 1; ; attempt++) {
    await ui.openFile('typo.cases.yaml');
    await vs.page.keyboard.press('F1');
    await vs.page.locator('.quick-input-widget input').fill('>Git: Open Changes');
    await vs.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'git.openChange' }).first().click();
    try {
      await diff.waitFor({ timeout: 20_000 });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
  await ui.command('View: Focus Problems');
  // Give the extension the time it takes to validate an opened document (150 ms debounce).
  await new Promise((r) => setTimeout(r, 3_000));
  assert.equal(await vs.page.locator('.markers-panel .monaco-list-row', { hasText: "unknown field 'idd'" }).count(), 0);
  await ui.command('Testing: Focus on Test Explorer View');
  assert.equal(await ui.rows().filter({ hasText: 'typo.cases.yaml' }).count(), 1);
  await ui.command('View: Close All Editors');
});

test('running a passing case marks it passed', async () => {
  await ui.command('Testing: Focus on Test Explorer View');
  await ui.rowAction('Explains the refund window');
  await ui.rowState('Explains the refund window', 'passed');
});

test('running a failing case marks it failed and shows the diff at the assertion', async () => {
  const r = await ui.rowAction('Hands over to a human with the widget marker');
  await ui.rowState('Hands over to a human with the widget marker', 'failed');
  // Open the failure: the peek view shows the message with expected and actual side by side.
  await r.dblclick();
  const peek = vs.page.locator('.test-output-peek');
  await peek.waitFor({ timeout: 30_000 });
  await peek.getByText('starts-with', { exact: false }).first().waitFor();
  await peek.locator('.monaco-diff-editor').first().waitFor({ timeout: 30_000 });
  await shot('failed-diff');
  await vs.page.keyboard.press('Escape');
});

test('a per-target profile runs a case against that target instead of its own', async () => {
  const asked = 'I bought a kettle 10 days ago and it leaks. Can I get my money back?';
  await ui.runWithProfile('Explains the refund window', 'Run against echo');
  await waitFor('the echo target to answer', () => echoed(asked) === 1, 60_000);
  // The echo repeats the question, which does not say "refund": the case fails against it.
  await ui.rowState('Explains the refund window', 'failed');
});

test('a failure shows the transcript and every reason; "Accept Actual as Expected" rewrites the assertion, keeping comments', async () => {
  await ui.command('Testing: Focus on Test Explorer View');
  const r = await ui.rowAction('Answers the shipping question word for word');
  await ui.rowState('Answers the shipping question word for word', 'failed');
  await r.dblclick();
  const peek = vs.page.locator('.test-output-peek', { hasText: 'equals: output differs from the expected text' });
  await peek.waitFor({ timeout: 30_000 });
  const accept = peek.getByText('Accept Actual as Expected').first();
  await accept.waitFor({ timeout: 30_000 });
  await shot('accept-actual');
  // Test Results (it opens on a failure): each turn's transcript and each assertion's reason.
  const output = vs.page.locator('.part.panel').filter({ hasText: 'Transcript:' }).first();
  await output.getByText('answer (turn 1): Echo: How long does shipping take?').first().waitFor({ timeout: 30_000 });
  await output.getByText('✓ contains: output contains "shipping"').first().waitFor();
  await shot('transcript');
  await accept.click();
  await ui.notification('the equals assertion on line 32 now expects the actual answer');
  const text = readWorkspace('echo.cases.yaml');
  assert.match(text, /- type: equals\n\s+value: "Echo: How long does shipping take\?"/);
  assert.match(text, /# The answer as it was written before the bot changed its wording\./);
  await ui.command('Testing: Focus on Test Explorer View');
  await ui.rowAction('Answers the shipping question word for word');
  await ui.rowState('Answers the shipping question word for word', 'passed');
});

test('"Update Baseline" writes the actual answer as the reference a similarity check compares with', async () => {
  await ui.command('Testing: Focus on Test Explorer View');
  const title = 'Answers the returns question as it did in production';
  const r = await ui.rowAction(title);
  await ui.rowState(title, 'failed');
  await r.dblclick();
  const peek = vs.page.locator('.test-output-peek', { hasText: 'similarity' });
  const update = peek.getByText('Update Baseline').first();
  await update.waitFor({ timeout: 30_000 });
  await update.click();
  await ui.notification('expected.content (the baseline) is now the actual answer');
  const text = readWorkspace('echo.cases.yaml');
  assert.match(text, /content: "Echo: Can I return shoes\?"/);
  assert.match(text, /# The answer logged in production, compared by similarity\./);
  await ui.command('Testing: Focus on Test Explorer View');
  await ui.rowAction(title);
  await ui.rowState(title, 'passed');
});

test("CodeLens Run runs the editor's unsaved text, not the file on disk", async () => {
  await ui.command('View: Close All Editors');
  await ui.openFile('echo.cases.yaml');
  await ui.goToLine(1); // the editor comes back scrolled where it was
  const editor = vs.page.locator('.editor-instance', { hasText: 'Echo bot' });
  const onDisk = readWorkspace('echo.cases.yaml');
  await editor.locator('.view-line', { hasText: 'content: hello' }).first().click();
  await vs.page.keyboard.press('End');
  await vs.page.keyboard.type(' there');
  await editor.locator('.view-line', { hasText: 'value: "Echo: hello"' }).first().click();
  await vs.page.keyboard.press('End');
  await vs.page.keyboard.press('ArrowLeft');
  await vs.page.keyboard.type(' there');
  await editor.locator('.codelens-decoration a', { hasText: 'Run' }).first().click();
  await waitFor('the unsaved question to reach the target', () => echoed('hello there') === 1, 60_000);
  await ui.command('Testing: Focus on Test Explorer View');
  await ui.expand('echo.cases.yaml');
  await ui.rowState('Echoes a greeting', 'passed');
  assert.equal(readWorkspace('echo.cases.yaml'), onDisk);
  await ui.openFile('echo.cases.yaml');
  await ui.command('File: Revert File');
  await ui.command('View: Close All Editors');
});

test('Show Last Run Report shows the cases of the last run (the report page runs its script)', async () => {
  await ui.command('Casewright: Show Last Run Report');
  const report = ui.webview();
  await report.locator('#cases').getByText('Echoes a greeting').first().waitFor({ timeout: 30_000 });
  await report.locator('#totals').getByText('passed').first().waitFor();
  await shot('run-report');
  await ui.command('View: Close All Editors');
});

test('continuous run makes one run per burst of saves', async () => {
  await ui.command('Testing: Focus on Test Explorer View');
  await ui.rowAction('continuous.cases.yaml', 'turn-continuous-run-on');
  await ui.openFile('continuous.cases.yaml');
  const editor = vs.page.locator('.editor-instance', { hasText: 'Watched on save' });
  await editor.locator('.view-line', { hasText: 'count this run' }).first().click();
  await vs.page.keyboard.press('End');
  const before = echoed('count this run');
  for (let i = 0; i < 3; i++) {
    await vs.page.keyboard.type(' ');
    await vs.page.keyboard.press('Control+S');
  }
  await waitFor('the run after the burst', () => echoed('count this run') > before, 60_000);
  // No second run follows for the same burst: the result is in and the run count stays.
  await ui.rowState('continuous.cases.yaml', 'passed');
  await new Promise((r) => setTimeout(r, 3_000));
  assert.equal(echoed('count this run') - before, 1);
  await ui.command('Testing: Focus on Test Explorer View');
  const r = await ui.row('continuous.cases.yaml');
  await r.hover();
  await r.locator('.codicon-testing-turn-continuous-run-off, .codicon-testing-continuous-is-on').first().click();
});

test('cancelling a run stops the CLI and the target it started', async () => {
  await ui.rowAction('slow.cases.yaml');
  await waitFor('the slow target to start', () => existsSync(workspaceFile('slow.pid')) && Number(readWorkspace('slow.pid')) > 0, 60_000);
  const target = Number(readWorkspace('slow.pid'));
  // The target's parent is the casewright CLI the extension started.
  const cli = Number(readFileSync(`/proc/${target}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
  assert.match(readFileSync(`/proc/${cli}/cmdline`, 'utf8'), /dist\/cli\.mjs\0run\0slow\.cases\.yaml\0--reporter\0jsonl\0--out\0-/);
  await ui.command('Test: Cancel Test Run');
  await waitFor('the CLI and its target to stop', () => !alive(target) && !alive(cli), 20_000);
  await ui.expand('slow.cases.yaml');
  await ui.rowState('Waits a minute for an answer', 'skipped', 20_000);
});

test('the coverage profile marks each acceptance criterion of the story covered, covered but failing, or not', async () => {
  await ui.rowAction('refunds.cases.yaml', 'coverage');
  const item = vs.page.locator('.monaco-list-row[aria-label^="refunds.md coverage"]').first();
  await item.waitFor({ timeout: 60_000 });
  // AC-1 passes, AC-2's case fails, AC-3 has no case: 2 of 3 lines covered, 1 of 2 branches taken.
  assert.match(await item.innerText(), /60\.00%/);
  await item.click();
  const story = vs.page.locator('.editor-instance', { hasText: 'Acceptance criteria' });
  await story.locator('.coverage-deco-miss').first().waitFor({ timeout: 30_000 });
  await story.locator('.coverage-deco-hit').first().waitFor();
  await shot('coverage');
  await ui.command('View: Close All Editors');
});

async function setKey(provider, secret) {
  await ui.command('Casewright: Set Provider API Key');
  await ui.pick('which provider is the key for?', provider);
  await ui.answer(`API key for ${provider}`, secret);
  await ui.notification(`the ${provider} key is stored`);
}

test('Push Cases to Jira creates the test issue, linked to the story, writes the link into the file, and skips dist/', async () => {
  await setKey('jira', 'jira-token-123456');
  await ui.command('Casewright: Push Cases to Jira');
  await ui.notification('Jira push: 1 file updated');
  const created = [...jira.issues.values()].find((i) => i.fields.summary === 'Refund button is on the order page');
  assert.ok(created, 'the case became a Jira issue');
  assert.ok(![...jira.issues.values()].some((i) => i.fields.summary === 'A copy under dist/'), 'dist/ is not pushed');
  assert.ok(jira.links.some((l) => l.inward === created.key && l.outward === story));
  const text = readWorkspace('refunds-jira.cases.yaml');
  assert.match(text, new RegExp(`key: ${created.key}`));
  assert.match(text, /# Synced with Jira by the e2e test/);
  await vs.page.keyboard.press('Escape');
  await ui.openFile('refunds-jira.cases.yaml');
  await vs.page.locator('.view-lines', { hasText: created.key }).first().waitFor();
  await shot('jira-push');
});

test('Pull with a change on both sides opens the conflict as a diff and overwrites nothing', async () => {
  const created = [...jira.issues.values()].find((i) => i.fields.summary === 'Refund button is on the order page');
  jira.editIssue(created.key, { summary: 'Refund button is on every order page' });
  const local = readWorkspace('refunds-jira.cases.yaml').replace(
    'title: Refund button is on the order page',
    'title: Refund button is shown on the order page',
  );
  writeFileSync(workspaceFile('refunds-jira.cases.yaml'), local);
  await ui.clearNotifications();
  await ui.command('Casewright: Pull Cases from Jira');
  await ui.notification('needs attention');
  const tab = vs.page.locator('.tab', { hasText: 'local ↔ Jira' }).first();
  await tab.waitFor({ timeout: 30_000 });
  await vs.page
    .locator('.monaco-diff-editor')
    .filter({ hasText: 'Refund button is on every order page' })
    .first()
    .waitFor({ timeout: 30_000 });
  assert.equal(readWorkspace('refunds-jira.cases.yaml'), local);
  await shot('jira-conflict');
  await ui.command('View: Close All Editors');
});

test('Import Conversations reads a BigQuery table (local REST server) into a case file', async () => {
  await setKey('bigquery', 'ya29.local-test-token-abcdef');
  await ui.command('Casewright: Import Conversations');
  await ui.pick('import conversations from', 'BigQuery table');
  await ui.answer('BigQuery table', 'acme-prod.support.conversations');
  await ui.answer('Filters (optional)', 'limit=2');
  await ui.answer('Add the cases to', 'imported.cases.yaml');
  const toast = await ui.notification('2 cases imported into imported.cases.yaml');
  const text = readWorkspace('imported.cases.yaml');
  assert.match(text, /Where is my order 1\?/);
  assert.doesNotMatch(text, /order 3/);
  // The stored token reached BigQuery as a bearer token, and never the log.
  assert.ok(bigquery.requests.length > 0);
  await ui.row('imported.cases.yaml');
  await toast.getByRole('button', { name: 'Open' }).click();
  await vs.page.locator('.view-lines', { hasText: 'Where is my order 1' }).first().waitFor();
  await shot('import-bigquery');
});

test('Generate from the current Markdown story writes a case file beside it and lists it in the Testing view', async () => {
  await ui.openFile('password-reset.md');
  await ui.command('Casewright: Generate Cases from the Current Markdown Story');
  const toast = await ui.notification('cases to stories/password-reset.cases.yaml');
  const text = await toast.innerText();
  assert.match(text, /coverage (\d+)\/\1 criteria/, `every criterion is covered: ${text}`);
  assert.match(readWorkspace('stories/password-reset.cases.yaml'), /kind: manual/);
  await vs.page.locator('.tab', { hasText: 'password-reset.cases.yaml' }).first().waitFor();
  await ui.row('password-reset.cases.yaml');
  await shot('generate-markdown');
  await ui.command('View: Close All Editors');
});

/** The decisions recorded in the workspace's .casewright/decisions.jsonl, oldest first. */
const decisions = () =>
  existsSync(workspaceFile('.casewright/decisions.jsonl'))
    ? readWorkspace('.casewright/decisions.jsonl')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

/**
 * Brings the case with `id` into view and clicks the topmost CodeLens saying `label` until
 * `done()` holds (a click can land while the lenses are drawn again after the file changed).
 */
async function clickLens(id, label, done, what) {
  const line = readWorkspace('stories/password-reset.cases.yaml')
    .split('\n')
    .findIndex((l) => l.includes(`id: ${id}`));
  assert.ok(line >= 0, `no case ${id}`);
  const lenses = vs.page.locator('.codelens-decoration a', { hasText: label });
  // Lenses are drawn in no particular order, and old ones linger hidden: the visible one nearest the top is the first draft in view.
  const tops = () =>
    lenses.evaluateAll((els) =>
      els.map((e) => {
        const box = e.getBoundingClientRect();
        return e.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && box.height > 0 ? box.top : Infinity;
      }),
    );
  for (let attempt = 1; ; attempt++) {
    await ui.goToLine(line + 1);
    await waitFor(`a ${label} lens in view`, async () => (await tops()).some(Number.isFinite), 30_000);
    const at = await tops();
    try {
      // The lens found can be drawn again (hidden, replaced) before the click lands: then look again.
      await lenses.nth(at.indexOf(Math.min(...at))).click({ timeout: 5_000 });
      await waitFor(what, done, 15_000);
      return;
    } catch (error) {
      if (attempt >= 4) throw error;
    }
  }
}

test('review of draft cases: Accept, Reject (reason and note) and Edit (recorded on save) above each draft, and Review Draft Cases; every decision in .casewright/decisions.jsonl', async () => {
  const file = 'stories/password-reset.cases.yaml';
  const cases = () => parseYaml(readWorkspace(file)).cases;
  const drafts = cases().filter((c) => c.status === 'draft');
  assert.ok(drafts.length >= 4, `the generated cases are drafts: ${drafts.length}`);
  const [first, second, third, fourth] = drafts;
  const before = decisions().length;
  const recorded = (n) => async () => decisions().length >= before + n;
  await ui.openFile('password-reset.cases.yaml');

  await clickLens(first.id, 'Accept', recorded(1), 'the accept to be recorded');
  await ui.notification(`"${first.title}" accepted (status: ready); recorded in .casewright/decisions.jsonl`);
  assert.deepEqual(
    decisions()
      .slice(before)
      .map((d) => [d.decision, d.caseId, d.case.title]),
    [['accepted', first.id, first.title]],
  );
  assert.equal(cases().find((c) => c.id === first.id).status, 'ready');

  // Reject the next draft: a reason from the short list, then a note.
  const picker = vs.page.locator('.quick-input-widget .quick-input-title', { hasText: 'why?' }).first();
  await clickLens(second.id, 'Reject', async () => picker.isVisible(), 'the reasons to be offered');
  await vs.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'wrong expected result' }).first().waitFor();
  await shot('review-reject');
  await ui.pick('why?', 'wrong expected result');
  await ui.answer('(wrong expected result)', 'the text is the same for unknown addresses');
  await ui.notification(`"${second.title}" rejected (status: deprecated, wrong-expectation)`);
  assert.deepEqual(
    decisions()
      .slice(before + 1)
      .map((d) => [d.decision, d.caseId, d.reason, d.note]),
    [['rejected', second.id, 'wrong-expectation', 'the text is the same for unknown addresses']],
  );
  assert.equal(cases().find((c) => c.id === second.id).status, 'deprecated');

  // Edit the next one: Edit opens it; the save that changes it records the edit with its diff.
  await clickLens(
    third.id,
    'Edit',
    async () => vs.page.locator('.notifications-toasts', { hasText: 'and save the file' }).isVisible(),
    'the edit to start',
  );
  const lines = readWorkspace(file).split('\n');
  const idLine = lines.findIndex((l) => l.includes(`id: ${third.id}`));
  const titleLine = lines.findIndex((l, i) => i > idLine && /^\s+title:/.test(l));
  await ui.goToLine(titleLine + 1);
  await vs.page.keyboard.press('End');
  await vs.page.keyboard.type(' (edited)');
  await vs.page.keyboard.press('Control+S');
  await waitFor('the edit to be recorded', recorded(3), 30_000);
  await ui.notification(`"${third.title} (edited)" edited (status: ready)`);
  const edit = decisions().at(-1);
  assert.equal(edit.decision, 'edited');
  assert.match(edit.diff, /^-title: .*\)$/m);
  assert.match(edit.diff, /^\+title: .* \(edited\)$/m);
  const editedCase = cases().find((c) => c.id === third.id);
  assert.deepEqual([editedCase.status, editedCase.version, editedCase.title], ['ready', 2, `${third.title} (edited)`]);

  // Review Draft Cases: the drafts in a list (this file's and the other files'); pick one, Accept it.
  await ui.command('Casewright: Review Draft Cases');
  const listTitle = vs.page.locator('.quick-input-widget .quick-input-title', { hasText: 'draft cases to review' }).first();
  await listTitle.waitFor();
  const listed = Number(/(\d+) draft cases/.exec(await listTitle.innerText())[1]);
  // The list can be long (other files' drafts): type the title, as a user would, so its row is shown.
  await vs.page.locator('.quick-input-widget input').fill(fourth.title);
  await ui.pick('draft cases to review', fourth.title);
  await ui.pick(fourth.title.slice(0, 40), 'Accept');
  await waitFor('the accept to be recorded', recorded(4), 30_000);
  assert.equal(cases().find((c) => c.id === fourth.id).status, 'ready');
  // The list comes back with one draft fewer.
  await vs.page
    .locator('.quick-input-widget .quick-input-title', { hasText: `${listed - 1} draft cases to review` })
    .first()
    .waitFor();
  await vs.page.keyboard.press('Escape');
  await ui.command('View: Close All Editors');
});

test('a hover on a story criterion and Show Similar Cases list the existing cases like it; picking one opens it', async () => {
  const accepted = parseYaml(readWorkspace('stories/password-reset.cases.yaml')).cases.find((c) => c.covers.includes('AC-1'));
  await ui.openFile('password-reset.md');
  await ui.goToLine(15, 10);
  const hover = vs.page.locator('.monaco-hover', { hasText: 'existing cases similar to AC-1' }).first();
  for (let attempt = 1; ; attempt++) {
    await ui.command('Show or Focus Hover');
    try {
      await hover.waitFor({ timeout: 20_000 });
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      await ui.goToLine(15, 10);
    }
  }
  const shown = await hover.innerText();
  assert.ok(shown.includes(accepted.title.slice(0, 20)) && shown.includes('password-reset.cases.yaml'), shown);
  await shot('similar-hover');
  await vs.page.keyboard.press('Escape');

  await ui.goToLine(15, 10);
  await ui.command('Casewright: Show Similar Cases');
  await ui.pick('cases similar to AC-1', accepted.title.slice(0, 40));
  await vs.page.locator('.tab.active', { hasText: 'password-reset.cases.yaml' }).first().waitFor();
  await ui.command('View: Close All Editors');
});

test('Execute manually (CodeLens) opens the stepper; the recorded result shows in the Testing view and is kept on disk', async () => {
  await ui.openFile('support.cases.yaml');
  // Go to the manual case so its CodeLens is rendered.
  await ui.goToLine(48);
  const lens = vs.page.locator('.codelens-decoration a', { hasText: 'Execute manually' }).first();
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();
  let stepper = ui.webview();
  await stepper.getByText('Refund form is reachable from the orders page').first().waitFor({ timeout: 30_000 });
  await stepper.locator('input[name="s1"][value="PASS"]').check();
  // Closed half-way: the answers are kept as a draft and come back with the stepper.
  const tab = vs.page.locator('.tab', { hasText: 'Execute: Refund form is reachable' }).first();
  await tab.hover();
  await tab.locator('.tab-actions .action-label').first().click();
  await tab.waitFor({ state: 'detached' });
  await lens.click();
  stepper = ui.webview();
  await stepper.getByText('Refund form is reachable from the orders page').first().waitFor({ timeout: 30_000 });
  assert.equal(await stepper.locator('input[name="s1"][value="PASS"]').isChecked(), true);
  await stepper.locator('input[name="s2"][value="PASS"]').check();
  await stepper.locator('textarea[name="a2"]').fill('Form opened with order ACM-1 preselected');
  await stepper.getByText('Overall: PASSED').waitFor();
  await shot('manual-stepper');
  await stepper.getByRole('button', { name: 'Record result' }).click();
  await ui.notification('"Refund form is reachable from the orders page" passed');
  await ui.command('Testing: Focus on Test Explorer View');
  await ui.expand('support.cases.yaml');
  await ui.rowState('Refund form is reachable from the orders page', 'passed', 30_000);
  const recorded = readWorkspace('.casewright/manual-results.jsonl')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    recorded.map((r) => [r.title, r.outcome, r.steps.map((s) => s.status)]),
    [['Refund form is reachable from the orders page', 'passed', ['PASS', 'PASS']]],
  );
  await ui.command('View: Close All Editors');
});

/** Runs the Jira-synced manual case (its local title since the conflict above) through the "Run manually" profile. */
async function executeFailing() {
  await ui.command('Testing: Focus on Test Explorer View');
  await ui.expand('refunds-jira.cases.yaml');
  await ui.runWithProfile('Refund button is shown on the order page', 'Run manually');
  const stepper = ui.webview();
  await stepper.getByText('Refund button is shown on the order page').first().waitFor({ timeout: 30_000 });
  return stepper;
}

test('Run manually: PASS / FAIL / BLOCKED survive a hidden tab; the failure files a Jira bug, and the next failure comments on it', async () => {
  let stepper = await executeFailing();
  await stepper.locator('input[name="s1"][value="PASS"]').check();
  await stepper.locator('input[name="s2"][value="FAIL"]').check();
  await stepper.locator('textarea[name="a2"]').fill('A 500 error page instead of the form');
  // Hide the stepper behind another editor of its group, then come back: the answers are still there.
  await ui.openFile('slow.cases.yaml');
  await vs.page.locator('.tab', { hasText: 'Execute: Refund button is shown on the order page' }).first().click();
  stepper = ui.webview();
  await stepper.getByText('Refund button is shown on the order page').first().waitFor({ timeout: 30_000 });
  assert.equal(await stepper.locator('input[name="s2"][value="FAIL"]').isChecked(), true);
  assert.equal(await stepper.locator('textarea[name="a2"]').inputValue(), 'A 500 error page instead of the form');
  await stepper.locator('input[name="s3"][value="BLOCKED"]').check();
  await stepper.getByText('Overall: FAILED').waitFor();
  await stepper.getByRole('button', { name: 'Record result' }).click();
  const offer = await ui.notification('"Refund button is shown on the order page" failed.');
  await offer.getByRole('button', { name: 'File a Jira bug' }).click();
  await ui.notification('Casewright: filed SHOP-');
  const bugs = () => [...jira.issues.values()].filter((i) => i.fields.issuetype.name === 'Bug');
  assert.equal(bugs().length, 1);
  const [bug] = bugs();
  const testIssue = [...jira.issues.values()].find((i) => i.fields.issuetype.name === 'Test');
  assert.deepEqual(
    jira.links.filter((l) => l.inward === bug.key).map((l) => l.outward),
    [story, testIssue.key],
  );
  // Core's defect job (the one of `run --file-defects`): the steps table with each step's result
  // and note, the execution line, and the execution JSON attached (read back from the local Jira).
  const rows = (bug.fields.description.content.find((n) => n.type === 'table')?.content ?? []).map((row) =>
    row.content.map((cell) => cell.content.flatMap((p) => (p.content ?? []).map((t) => t.text)).join('')),
  );
  assert.deepEqual(
    rows.map((r) => [r[0], r[3], r[4]]),
    [
      ['#', 'Result', 'Actual'],
      ['1', 'PASS', ''],
      ['2', 'FAIL', 'A 500 error page instead of the form'],
      ['3', 'BLOCKED', ''],
    ],
  );
  assert.match(JSON.stringify(bug.fields.description), /Execution manual-[0-9a-f]{8}-\d+ · manual · /);
  assert.equal(bug.attachments.length, 1);
  assert.match(bug.attachments[0].filename, /^execution-manual-[0-9a-f]{8}-\d+\.json$/);
  const attached = JSON.parse(bug.attachments[0].content.toString('utf8'));
  assert.deepEqual(
    [attached.source, attached.cases.map((c) => [c.jiraKey, c.outcome, c.steps.map((s) => s.status)])],
    ['manual', [[testIssue.key, 'failed', ['PASS', 'FAIL', 'BLOCKED']]]],
  );
  await ui.command('Testing: Focus on Test Explorer View');
  await ui.rowState('Refund button is shown on the order page', 'failed', 30_000);

  // A second failure: no duplicate, a comment on the open bug.
  await ui.clearNotifications();
  stepper = await executeFailing();
  for (const [step, status] of [
    [1, 'PASS'],
    [2, 'FAIL'],
    [3, 'PASS'],
  ])
    await stepper.locator(`input[name="s${step}"][value="${status}"]`).check();
  await stepper.getByRole('button', { name: 'Record result' }).click();
  await (
    await ui.notification('"Refund button is shown on the order page" failed.')
  )
    .getByRole('button', { name: 'File a Jira bug' })
    .click();
  await ui.notification(`added the failure to ${bug.key}, the case's open bug`);
  assert.equal(bugs().length, 1);
  assert.equal(bug.comments.length, 1);
  assert.equal(bug.attachments.length, 2); // this execution's JSON beside the first one

  // Each manual execution was also recorded on Jira (core's recordExecution): the case issue's
  // history holds both, with each step's result, and the story got a summary per execution.
  const history = async () => {
    for (let i = 0; i < 100; i++) {
      const run = testIssue.properties.get('casewright-run');
      if (run?.history?.length === 2) return run;
      await new Promise((r) => setTimeout(r, 200));
    }
    return testIssue.properties.get('casewright-run');
  };
  const run = await history();
  assert.deepEqual(
    run.history.map((h) => [h.outcome, h.steps]),
    [
      ['failed', 'PFB'],
      ['failed', 'PFP'],
    ],
  );
  const summaries = jira.issues.get(story).properties.get('casewright-executions').executions;
  assert.deepEqual(
    summaries.slice(-2).map((e) => [e.source, e.failed]),
    [
      ['manual', 1],
      ['manual', 1],
    ],
  );
});

test('Show Jira Analytics asks for the project and shows what the manual executions recorded, read-only', async () => {
  const bug = [...jira.issues.values()].find((i) => i.fields.issuetype.name === 'Bug');
  const recorded = jira.issues.get(story).properties.get('casewright-executions');
  await ui.command('Casewright: Show Jira Analytics');
  // The e2e workspace's config names no Jira project: the command asks.
  await ui.answer('Jira analytics of which project?', 'SHOP');
  const doc = vs.page.locator('.editor-instance', { hasText: 'Execution analytics of project SHOP' }).first();
  await doc.waitFor({ timeout: 60_000 });
  // Monaco draws spaces as no-break spaces.
  const text = (await doc.locator('.view-lines').innerText()).replace(/\u00a0/g, ' ');
  // The story's last execution failed (the second manual FAIL), the bug filed from it is open.
  assert.match(text, new RegExp(`${story} +░{10} +0 % +0/1 passed`));
  assert.match(text, new RegExp(`Pass rate over time \\(${recorded.executions.length} executions?, oldest first\\)`));
  assert.match(text, new RegExp(`Open defects per story \\(1 open\\)\\s+${story}: 1\\s+${bug.key} `));
  // Read-only: typing changes nothing.
  await doc.locator('.view-lines').click();
  await vs.page.keyboard.type('x');
  assert.equal(await vs.page.locator('.tab.dirty').count(), 0);
  await shot('jira-analytics');
  await ui.command('View: Close All Editors');
});
