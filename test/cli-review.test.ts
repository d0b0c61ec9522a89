// `casewright review` in a real terminal: tmux runs the CLI in a pseudo-terminal, the test
// types keys into it (send-keys) and reads the screen (capture-pane), as a QA lead would.
// tmux comes from Debian (installed by scripts/debian-packages.mjs when missing).
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackages } from '../scripts/debian-packages.mjs';
import { parseCaseFile } from '../core/src/model/case-file.js';
import { runCasewright } from './helpers/cli.js';
import { createTerminal } from './helpers/terminal.js';

const root = path.resolve(import.meta.dirname, '..');
const main = path.join(root, 'core/src/cli/main.ts');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const scratch = mkdtempSync(path.join(tmpdir(), 'casewright-review-'));
const SESSION = 'review';
const { start, keys, type, waitFor, waitForNth, close } = createTerminal(scratch, SESSION);

beforeAll(async () => {
  ensureDebianPackages(['tmux'], { why: 'the terminal review test' });
  copyFileSync(path.join(root, 'test/fixtures/stories/markdown/bold-headings.md'), path.join(scratch, 'search.md'));
  const generated = await runCasewright(['generate', '--story', 'search.md', '--offline'], { cwd: scratch });
  expect(generated.status, generated.stderr).toBe(0);
  // The reviewer's editor: changes the expected result of the case it is given.
  const editor = path.join(scratch, 'edit-case.sh');
  writeFileSync(editor, `#!/bin/sh\nsed -i 's/It is accepted\\./The name is saved and listed under "My searches"./' "$1"\n`);
  chmodSync(editor, 0o755);
  const command = `${process.execPath} --import ${tsx} ${main} review; echo "review exited with $?"; sleep 600`;
  start(command, scratch, { NO_COLOR: '1', EDITOR: editor, OPENAI_API_KEY: 'sk-review-secret-0123456789' });
});
afterAll(() => close());

describe('casewright review (real terminal)', () => {
  it('accepts, edits in $EDITOR, edits a title inline and rejects with a reason; the file and the decisions log say so', async () => {
    await waitFor('5 draft cases to review.');
    await waitFor('[1/5] A logged-in buyer can save the current search with a name');
    await waitFor('❯ Accept (status: ready)');
    keys('Enter'); // accept

    await waitFor('[2/5] A name with 40 characters is accepted');
    await waitForNth('? Decision', 1);
    keys('Down', 'Enter'); // edit in $EDITOR
    await waitFor('edited and accepted');

    await waitFor('[3/5] A name with 41 characters is refused');
    await waitForNth('? Decision', 1);
    keys('Down', 'Down', 'Enter'); // edit the title
    await waitFor('? Title');
    keys('C-u');
    type('Names longer than 40 characters are refused');
    keys('Enter');
    await waitForNth('edited and accepted', 2);

    await waitFor('[4/5] Saved searches are listed');
    await waitForNth('? Decision', 1);
    keys('Down', 'Down', 'Down', 'Enter'); // reject
    await waitFor('? Why?');
    keys('Down', 'Down', 'Enter'); // tests something the story does not ask for
    await waitFor('? Anything to add?');
    type('we have no account menu');
    keys('Enter');
    await waitFor('rejected (not-in-story)');

    await waitFor('[5/5] Guests do not see');
    await waitForNth('? Decision', 1);
    keys('Down', 'Down', 'Down', 'Down', 'Down', 'Enter'); // quit
    const end = await waitFor('review exited with 0');
    expect(end).toContain('reviewed: 1 accepted, 2 edited, 1 rejected, 1 left as draft; decisions in .casewright/decisions.jsonl');

    const suite = parseCaseFile(readFileSync(path.join(scratch, 'search.cases.yaml'), 'utf8'), 'search.cases.yaml').suite!;
    expect(suite.cases.map((c) => [c.title, c.status, c.version])).toEqual([
      ['A logged-in buyer can save the current search with a name', 'ready', 1],
      ['A name with 40 characters is accepted', 'ready', 2],
      ['Names longer than 40 characters are refused', 'ready', 2],
      ['Saved searches are listed under "My searches" in the account menu', 'deprecated', 1],
      ['Guests do not see the "Save search" button', 'draft', 1],
    ]);
    const edited = suite.cases[1]!;
    expect(edited.kind === 'manual' && edited.steps[0]?.expected).toBe('The name is saved and listed under "My searches".');

    const lines = readFileSync(path.join(scratch, '.casewright/decisions.jsonl'), 'utf8').trim().split('\n');
    const decisions = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(decisions.map((d) => d.decision)).toEqual(['accepted', 'edited', 'edited', 'rejected']);
    expect(decisions[1]!.diff).toContain('+    expected: The name is saved and listed under "My searches".');
    expect(decisions[2]!.diff).toContain('+title: Names longer than 40 characters are refused');
    expect(decisions[3]).toMatchObject({ reason: 'not-in-story', note: 'we have no account menu' });
  });
});

describe('casewright review (not a terminal)', () => {
  it('refuses to run without a terminal (exit 2) and changes nothing', async () => {
    const before = readFileSync(path.join(scratch, 'search.md'), 'utf8');
    const run = await runCasewright(['review', 'search.md'], { cwd: scratch, input: '' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('casewright: review is interactive: run it in a terminal');
    expect(readFileSync(path.join(scratch, 'search.md'), 'utf8')).toBe(before);
  });
});
