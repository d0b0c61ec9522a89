// The jobs behind a new user's first hour, called as the editor or an SDK user would (the
// CLI tests run the same jobs through the real `casewright` command): a run's verdict when
// checks were skipped, starting a project and adding cases to it, and importing a promptfoo
// config. Real files in a temporary folder; the cases run against a real local program
// (a `command` target: `node` answering on stdout).
import { cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaseFileError, UsageError } from '../../core/src/index.js';
import { parseCaseFile } from '../../core/src/model/case-file.js';
import { addCase } from '../../core/src/workspace/add-case-job.js';
import { initProject } from '../../core/src/workspace/init-job.js';
import { importPromptfoo } from '../../core/src/workspace/promptfoo-job.js';
import { runCaseFiles } from '../../core/src/workspace/run-job.js';
import { openWorkspace } from '../../core/src/workspace/workspace.js';

const root = path.resolve(import.meta.dirname, '../..');
let dir: string;

// A bot that echoes the last user message.
const ECHO = `process.stdin.on('data', (d) => (globalThis.input = (globalThis.input ?? '') + d)).on('end', () => process.stdout.write(JSON.parse(globalThis.input).messages.at(-1).content));`;

const conversation = (id: number, expected: string) => `  - id: 7c1e2c3d-4e5f-4a6b-8c7d-00000000000${id}
    title: Case ${id}
    kind: conversation
    input:
      messages:
        - role: user
          content: Where is my order?
    expected:
${expected}`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cw-project-jobs-'));
  await writeFile(
    path.join(dir, 'casewright.config.yaml'),
    `targets:\n  echo:\n    type: command\n    command: ${JSON.stringify(process.execPath)}\n    args: ["-e", ${JSON.stringify(ECHO)}]\n`,
  );
  // Only requirements and no judge model: nothing can be checked.
  await writeFile(
    path.join(dir, 'requirements-only.cases.yaml'),
    `suite: Unjudged\ndefaults:\n  target: echo\ncases:\n${conversation(1, '      requirements: [Says where the order is]\n')}`,
  );
  // One case checked by a machine check, one by requirements only.
  await writeFile(
    path.join(dir, 'mixed.cases.yaml'),
    `suite: Mixed\ndefaults:\n  target: echo\ncases:\n${conversation(2, '      assert:\n        - type: icontains\n          value: order\n')}${conversation(3, '      requirements: [Says where the order is]\n')}`,
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runCaseFiles: the verdict', () => {
  it('a run whose cases checked nothing is not a pass, and says why per case', async () => {
    const ws = await openWorkspace({ cwd: dir, env: {} });
    const run = await runCaseFiles(ws, { paths: ['requirements-only.cases.yaml'] });
    expect(run.verdict).toBe('checked-nothing');
    expect(run.result!.summary).toMatchObject({ passed: 0, failed: 0, skipped: 1 });
    expect(run.unchecked.skipped.map((c) => c.skipReason)).toEqual([expect.stringContaining('no judge model configured')]);
    expect(run.result!.warnings).toEqual([expect.stringMatching(/^requirements-only\.cases\.yaml: 1 case has requirements/)]);
  });

  it('a run that checked something passes; with failOnSkipped the skipped case fails it', async () => {
    const ws = await openWorkspace({ cwd: dir, env: {} });
    const lenient = await runCaseFiles(ws, { paths: ['mixed.cases.yaml'] });
    expect(lenient.result!.summary).toMatchObject({ passed: 1, skipped: 1 });
    expect(lenient.verdict).toBe('passed');
    const strict = await runCaseFiles(ws, { paths: ['mixed.cases.yaml'], failOnSkipped: true });
    expect(strict.verdict).toBe('skipped');
    expect(strict.unchecked.skipped.map((c) => c.title)).toEqual(['Case 3']);
  });

  it('an unknown target points at the target file of that name', async () => {
    const project = await mkdtemp(path.join(dir, 'unknown-'));
    await writeFile(
      path.join(project, 'a.cases.yaml'),
      `suite: A\ndefaults:\n  target: bot\ncases:\n${conversation(4, '      assert:\n        - type: icontains\n          value: order\n')}`,
    );
    await mkdir(path.join(project, 'deploy/targets'), { recursive: true });
    await writeFile(path.join(project, 'deploy/targets/bot.yaml'), `name: bot\ntype: command\ncommand: echo\n`);
    const ws = await openWorkspace({ cwd: project, env: {}, config: {} });
    const error = await runCaseFiles(ws, { paths: ['a.cases.yaml'] }).catch((e: unknown) => e);
    expect(UsageError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `a.cases.yaml: unknown target 'bot'; no targets are declared here; ${path.join('deploy', 'targets', 'bot.yaml')} declares it: pass --target ${path.join('deploy', 'targets', 'bot.yaml')}`,
    );
  });
});

describe('initProject and addCase', () => {
  it('starts a project, never overwrites, and adds cases with fresh ids that validate', async () => {
    const project = path.join(dir, 'new-project');
    const first = await initProject({ dir: project });
    expect(first).toMatchObject({
      dir: project,
      caseFile: 'cases/first.cases.yaml',
      configFile: 'casewright.config.yaml',
      written: ['casewright.config.yaml', 'cases.schema.json', 'cases/first.cases.yaml'],
      kept: [],
      gitignoreAdded: ['.casewright/'],
    });
    const caseFile = path.join(project, first.caseFile);
    const before = await readFile(caseFile, 'utf8');
    const again = await initProject({ dir: project });
    expect(again).toMatchObject({ written: [], kept: first.written, gitignoreAdded: [] });
    expect(await readFile(caseFile, 'utf8')).toBe(before);

    const ws = await openWorkspace({ cwd: project, env: {} });
    const added = await addCase(ws, {
      file: first.caseFile,
      title: 'Refund after 30 days is declined',
      kind: 'conversation',
      requirements: ['Declines politely'],
    });
    const manual = await addCase(ws, {
      file: 'cases/checkout.cases.yaml',
      title: 'Pay by card',
      kind: 'manual',
      steps: [{ action: 'Pay with 4242 4242 4242 4242', expected: 'The order is confirmed' }],
    });
    expect(manual).toMatchObject({ file: path.join('cases', 'checkout.cases.yaml'), created: true, line: expect.any(Number) });
    const text = await readFile(caseFile, 'utf8');
    expect(text.startsWith(before)).toBe(true);
    const suite = parseCaseFile(text, first.caseFile).suite!;
    expect(suite.cases.map((c) => c.id)).toContain(added.id);
    expect(new Set(suite.cases.map((c) => c.id)).size).toBe(3);
    expect(text.split('\n')[added.line - 1]).toMatch(new RegExp(`^\\s*- id: "?${added.id}"?$`));
    const checkout = parseCaseFile(await readFile(path.join(project, 'cases/checkout.cases.yaml'), 'utf8'), 'checkout').suite!;
    expect(checkout).toMatchObject({
      suite: 'Checkout',
      cases: [{ id: manual.id, kind: 'manual', steps: [{ action: 'Pay with 4242 4242 4242 4242', expected: 'The order is confirmed' }] }],
    });
  });

  it('refuses to add to an invalid case file, and leaves it as it was', async () => {
    const ws = await openWorkspace({ cwd: dir, env: {} });
    const broken = 'suite: Broken\ncases:\n  - id: not-a-uuid\n    title: x\n    kind: conversation\n';
    await writeFile(path.join(dir, 'broken.cases.yaml'), broken);
    const error = await addCase(ws, { file: 'broken.cases.yaml', title: 'New', kind: 'conversation' }).catch((e: unknown) => e);
    expect(CaseFileError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^broken\.cases\.yaml:\d+:\d+ /);
    expect(await readFile(path.join(dir, 'broken.cases.yaml'), 'utf8')).toBe(broken);
  });
});

describe('importPromptfoo', () => {
  const config = path.join(root, 'examples/promptfoo/promptfooconfig.yaml');

  it('a dry run plans the cases and what did not map, and writes nothing', async () => {
    const out = await mkdtemp(path.join(dir, 'pf-dry-'));
    const ws = await openWorkspace({ cwd: root, env: {} });
    const result = await importPromptfoo(ws, { config, out: path.join(out, 'support.cases.yaml'), dryRun: true });
    expect(result).toMatchObject({ added: 5, existing: 0, targetFiles: [], defaultTarget: 'acme-support' });
    expect(result.notImported.map((n) => n.where)).toEqual([
      'examples/promptfoo/promptfooconfig.yaml:11:3',
      expect.stringMatching(/^examples\/promptfoo\/promptfooconfig\.yaml:\d+:\d+$/),
      expect.stringMatching(/^examples\/promptfoo\/promptfooconfig\.yaml:\d+:\d+$/),
    ]);
    expect(await readdir(out)).toEqual([]);
  });

  it('writes the cases beside the config and the target files; a second import adds nothing and keeps edits', async () => {
    const work = await mkdtemp(path.join(dir, 'pf-'));
    await cp(path.dirname(config), work, { recursive: true });
    const ws = await openWorkspace({ cwd: work, env: {} });
    const first = await importPromptfoo(ws, { config: 'promptfooconfig.yaml' });
    expect(first).toMatchObject({
      config: 'promptfooconfig.yaml',
      out: 'promptfooconfig.cases.yaml',
      added: 5,
      existing: 0,
      targetFiles: [path.join('targets', 'acme-support.yaml'), path.join('targets', 'openai-gpt-4.1-mini.yaml')],
    });
    const file = path.join(work, 'promptfooconfig.cases.yaml');
    const text = await readFile(file, 'utf8');
    expect(parseCaseFile(text, 'promptfooconfig.cases.yaml').suite!.cases).toHaveLength(5);
    const edited = text.replace(/title: (.*)/, 'title: $1 (edited)');
    await writeFile(file, edited);
    const again = await importPromptfoo(ws, { config: 'promptfooconfig.yaml' });
    expect(again).toMatchObject({ added: 0, existing: 5, targetFiles: [] });
    expect(await readFile(file, 'utf8')).toBe(edited);
  });
});
