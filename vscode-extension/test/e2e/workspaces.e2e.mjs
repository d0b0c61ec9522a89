// The extension in a real VS Code, in the workspaces that are not a single trusted folder:
// a multi-root workspace (each folder runs with its own config and settings) and an untrusted
// folder (Restricted Mode: nothing runs).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { packageExtension } from '../../scripts/package.mjs';
import { startVsCode } from './harness.mjs';
import { workbench } from './workbench.mjs';

/** A command target that answers "<prefix> <the last message>". */
const speaker = (prefix) => ({
  type: 'command',
  command: 'node',
  args: [
    '-e',
    `let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(${JSON.stringify(prefix)}+' '+JSON.parse(s).messages.at(-1).content))`,
  ],
});

const config = (targets) =>
  `# Targets of this folder only.\ntargets:\n${Object.entries(targets)
    .map(([name, t]) => `  ${name}: ${JSON.stringify(t)}`)
    .join('\n')}\n`;

const suite = (name, id, expected) => `suite: ${name}
defaults:
  target: echo
cases:
  - id: ${id}
    title: ${name} answers in its own voice
    kind: conversation
    input:
      messages:
        - role: user
          content: hello
    expected:
      assert:
        - type: equals
          value: "${expected}"
`;

let vsix;
before(async () => {
  vsix = await packageExtension();
});

describe('a multi-root workspace', () => {
  let vs;
  let ui;
  before(async () => {
    vs = await startVsCode({
      vsix,
      folders: {
        // Both folders declare a target `echo`; only the second has `shout`, and its folder settings pick it.
        shop: {
          files: {
            'casewright.config.yaml': config({ echo: speaker('Shop says:') }),
            'shop.cases.yaml': suite('Shop', '2f8c6d9b-4e0a-4b3c-8d6e-7f8091021324', 'Shop says: hello'),
          },
        },
        support: {
          files: {
            'casewright.config.yaml': config({ echo: speaker('Support says:'), shout: speaker('SUPPORT SHOUTS:') }),
            '.vscode/settings.json': JSON.stringify({ 'casewright.target': 'shout' }),
            'support.cases.yaml': suite('Support', '3a9d7e0c-5f1b-4c4d-9e7f-809102132435', 'SUPPORT SHOUTS: hello'),
          },
        },
      },
    });
    ui = workbench(vs.page);
  });
  after(() => vs?.stop());

  test("runs each folder's cases with that folder's config and settings", async () => {
    assert.equal(vs.activation.files, 2);
    await vs.page.locator('.monaco-workbench').waitFor();
    await ui.command('Testing: Focus on Test Explorer View');
    await ui.row('shop.cases.yaml');
    await ui.row('support.cases.yaml');
    await ui.command('Test: Run All Tests');
    await ui.expand('shop.cases.yaml');
    await ui.expand('support.cases.yaml');
    await ui.rowState('Shop answers in its own voice', 'passed');
    await ui.rowState('Support answers in its own voice', 'passed');
  });
});

describe('an untrusted folder (Restricted Mode)', () => {
  let vs;
  let ui;
  before(async () => {
    vs = await startVsCode({
      vsix,
      trusted: false,
      files: {
        'targets/echo.yaml': `type: command\ncommand: node\ncwd: ..\nargs: ["-e", "require('fs').writeFileSync('ran.txt', 'the target ran'); console.log('hello')"]\n`,
        'echo.cases.yaml': suite('Untrusted', '4b0e8f1d-6a2c-4d5e-8f80-910213243546', 'hello'),
      },
    });
    ui = workbench(vs.page);
  });
  after(() => vs?.stop());

  test('lists the cases but starts no target and runs no command', async () => {
    assert.equal(vs.activation.files, 1);
    await ui.command('Testing: Focus on Test Explorer View');
    await ui.expand('echo.cases.yaml');
    // VS Code asks before any test run in Restricted Mode; declining runs nothing.
    await ui.rowAction('Untrusted answers in its own voice');
    const dialog = vs.page.locator('.monaco-dialog-box', { hasText: 'Running tests may execute code' });
    await dialog.waitFor({ timeout: 30_000 });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    // The extension's own ways to run (CodeLens Run) and its commands that read the workspace refuse.
    await ui.openFile('echo.cases.yaml');
    const lens = vs.page.locator('.codelens-decoration a', { hasText: 'Run' }).first();
    await lens.waitFor({ timeout: 30_000 });
    await lens.click();
    await ui.notification('this command is off in Restricted Mode');
    await ui.clearNotifications();
    await ui.command('Casewright: Pull Cases from Jira');
    await ui.notification('this command is off in Restricted Mode');
    assert.equal(existsSync(join(vs.dirs.workspace, 'ran.txt')), false);
  });
});
