// The extension in a REAL VS Code (code-server's workbench in headless chromium).
// Run with `npm run test:e2e` from the repository root; it installs its own toolchain.
// Screenshots of each state go to docs/images/.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { packageExtension } from '../../scripts/package.mjs';
import { runCommand, startVsCode, waitFor } from './harness.mjs';
import { REPO } from './toolchain.mjs';

const IMAGES = join(REPO, 'docs', 'images');
let vs;

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

before(async () => {
  const vsix = packageExtension();
  vs = await startVsCode({
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
});

test('the extension activates and discovers every case of the workspace', () => {
  assert.equal(vs.activation.files, 1);
  assert.equal(vs.activation.cases, 4);
});

test('the Testing view lists file → case → turn', async () => {
  await runCommand(vs.page, 'Testing: Focus on Test Explorer View');
  await expand('Support bot');
  for (const title of ['Explains the refund window', 'Hands over to a human with the widget marker', 'Refund form is reachable from the orders page']) {
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
    ['suite: Broken on purpose', 'cases:', '  - title: A case without an id', '    kind: conversation', '    input:', '      messages:', '        - role: user', '          content: hi', '    expected:', '      assert:', '        - type: icontain', '          value: hello', ''].join('\n'),
  );
  await row('Broken on purpose');
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
