/* global suite, test, suiteSetup, require */
/* eslint-disable @typescript-eslint/no-require-imports -- the extension host loads these tests as CommonJS */
// Integration tests in the extension host (standard runner, see .vscode-test.mjs). They check,
// through the VS Code API, the same behaviour the code-server e2e checks through the UI:
// activation and discovery, the tree, live diagnostics, generation from a Markdown story.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'casewright.casewright-vscode';

async function until(what, check, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

suite('Casewright extension', () => {
  let api;
  const root = vscode.workspace.workspaceFolders[0].uri.fsPath;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    api = await extension.activate();
  });

  test('lists the case files at once and their cases when asked: file → case → turn', async () => {
    const { files } = await api.ready;
    assert.equal(files, 6); // support, echo, continuous, slow, typo, stories/refunds
    assert.ok((await api.resolveAll()) >= 4);
    const ids = api.listItems();
    assert.ok(
      ids.some((id) => id.endsWith('#2b8e5e74-6f20-4c0a-9b3f-3d4e5f607182#turn-2')),
      'the multi-turn case has turn items',
    );
  });

  test('a new broken case file gets located diagnostics and joins the tree without a refresh', async () => {
    const file = path.join(root, 'broken-integration.cases.yaml');
    fs.writeFileSync(
      file,
      'suite: Broken\ncases:\n  - title: no id\n    kind: manual\n    steps:\n      - action: a\n        expected: b\n',
    );
    try {
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const diagnostics = await until('diagnostics', () => {
        const found = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'casewright');
        return found.length > 0 && found;
      });
      assert.equal(diagnostics[0].message, "missing required field 'id'");
      assert.equal(diagnostics[0].range.start.line, 2);
      await until('the file in the tree', () => api.listItems().includes(doc.uri.toString()));
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  test('Generate from the current Markdown story writes a case file beside it', async () => {
    const story = path.join(root, 'stories', 'password-reset.md');
    const out = path.join(root, 'stories', 'password-reset.cases.yaml');
    fs.rmSync(out, { force: true });
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(story));
      const written = await vscode.commands.executeCommand('casewright.generateFromMarkdown');
      assert.equal(written, out);
      assert.match(fs.readFileSync(out, 'utf8'), /kind: manual/);
    } finally {
      fs.rmSync(out, { force: true });
    }
  });
});
