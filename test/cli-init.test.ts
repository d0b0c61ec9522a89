// `casewright init` and `casewright add` as a new user runs them: the real CLI in a
// fresh directory; what they write validates, editors get the schema, .gitignore gets
// its lines, nothing that exists is overwritten, and every new case has a fresh UUID.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadConfig, parseCaseFile } from '@casewright/core';
import { runCasewright } from './helpers/cli.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'casewright-init-'));

async function cli(args: string[], cwd: string) {
  const result = await runCasewright(args, { cwd });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('casewright init', () => {
  const dir = path.join(scratch, 'fresh');
  mkdirSync(dir);
  let first: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    first = await cli(['init'], dir);
  });

  it('writes a config, a first case file with the schema hint, the schema and .gitignore lines', async () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('  created casewright.config.yaml\n  created cases.schema.json\n  created cases/first.cases.yaml\n');
    expect(first.stdout).toContain('  added .casewright/ to .gitignore');
    expect(readFileSync(path.join(dir, '.gitignore'), 'utf8')).toContain('\n.casewright/\n');
    const text = readFileSync(path.join(dir, 'cases/first.cases.yaml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../cases.schema.json');
    expect((await cli(['validate', 'cases/'], dir)).code).toBe(0);
  });

  it('the first cases have fresh UUIDs and pass the JSON Schema the editor gets', async () => {
    const text = readFileSync(path.join(dir, 'cases/first.cases.yaml'), 'utf8');
    const suite = parseCaseFile(text, 'first.cases.yaml').suite!;
    expect(suite.cases.map((c) => c.kind)).toEqual(['conversation', 'manual']);
    for (const c of suite.cases) expect(c.id).toMatch(UUID);
    const ajv = new Ajv2020.default({ strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(path.join(dir, 'cases.schema.json'), 'utf8')));
    expect(validate(parseYaml(text)), JSON.stringify(validate.errors)).toBe(true);
    // A second project gets other ids.
    const other = path.join(scratch, 'other');
    mkdirSync(other);
    await cli(['init'], other);
    const ids = parseCaseFile(readFileSync(path.join(other, 'cases/first.cases.yaml'), 'utf8'), 'x').suite!.cases.map((c) => c.id);
    expect(ids).not.toContain(suite.cases[0]!.id);
  });

  it('the config declares the target the first cases use, with providers and a judge in comments', async () => {
    const loaded = await loadConfig(dir);
    expect(Object.keys(loaded.config.targets ?? {})).toEqual(['my-app']);
    const text = readFileSync(path.join(dir, 'casewright.config.yaml'), 'utf8');
    expect(text).toContain('# judge: openai:gpt-4.1-mini');
    expect(text).toContain('# providers:');
    // The target is declared, so the run reaches it (nothing listens there: the case errors, it is not an unknown target).
    const run = await cli(['run', 'cases/', '--timeout', '20000'], dir);
    expect(run.stderr).not.toContain('unknown target');
    expect(run.stdout).toMatch(/! A greeting is answered with an offer to help — TARGET_HTTP/);
  }, 60_000);

  it('never overwrites a file, and adds only missing .gitignore lines', async () => {
    const dir2 = path.join(scratch, 'existing');
    mkdirSync(dir2);
    writeFileSync(path.join(dir2, 'casewright.config.yaml'), 'judge: openai:gpt-4o-mini\n');
    writeFileSync(path.join(dir2, '.gitignore'), 'node_modules/\n.casewright\n');
    const run = await cli(['init'], dir2);
    expect(run.stdout).toContain('  kept    casewright.config.yaml (it exists; not changed)');
    expect(readFileSync(path.join(dir2, 'casewright.config.yaml'), 'utf8')).toBe('judge: openai:gpt-4o-mini\n');
    expect(readFileSync(path.join(dir2, '.gitignore'), 'utf8')).toBe('node_modules/\n.casewright\n');
    const again = await cli(['init'], dir);
    expect(again.stdout).not.toContain('created');
    expect(again.code).toBe(0);
  });
});

describe('casewright add', () => {
  it('appends a case with a fresh UUID, keeping the comments of the file', async () => {
    const dir = path.join(scratch, 'append');
    mkdirSync(dir);
    await cli(['init'], dir);
    const before = readFileSync(path.join(dir, 'cases/first.cases.yaml'), 'utf8');
    const run = await cli(
      [
        'add',
        'cases/first.cases.yaml',
        '--title',
        'Refund after 30 days is declined',
        '--message',
        'Can I return it after 40 days?',
        '--requirement',
        'Declines politely',
      ],
      dir,
    );
    expect(run.code).toBe(0);
    const match = /^added conversation case (\S+) to cases\/first\.cases\.yaml:(\d+); write its messages and checks there\n$/.exec(
      run.stdout,
    );
    expect(match?.[1]).toMatch(UUID);
    const after = readFileSync(path.join(dir, 'cases/first.cases.yaml'), 'utf8');
    expect(after.startsWith(before.trimEnd())).toBe(true);
    expect(after.split('\n')[Number(match![2]) - 1]).toMatch(new RegExp(`^  - id: "?${match![1]}"?$`));
    const suite = parseCaseFile(after, 'first.cases.yaml').suite!;
    expect(suite.cases.at(-1)).toMatchObject({
      title: 'Refund after 30 days is declined',
      input: { messages: [{ role: 'user', content: 'Can I return it after 40 days?' }] },
      expected: { requirements: ['Declines politely'] },
    });
  });

  it('creates a new file, for manual cases too, and warns when the case checks nothing yet', async () => {
    const dir = path.join(scratch, 'new-file');
    mkdirSync(dir);
    const manual = await cli(
      [
        'add',
        'cases/checkout.cases.yaml',
        '--kind',
        'manual',
        '--title',
        'Pay by card',
        '--step',
        'Pay with 4242 => The order is confirmed',
      ],
      dir,
    );
    expect(manual.stdout).toMatch(/^added manual case \S+ to cases\/checkout\.cases\.yaml:3 \(new file\); write its steps there\n$/);
    expect(parseCaseFile(readFileSync(path.join(dir, 'cases/checkout.cases.yaml'), 'utf8'), 'x').suite).toMatchObject({
      suite: 'Checkout',
      cases: [{ kind: 'manual', steps: [{ action: 'Pay with 4242', expected: 'The order is confirmed' }] }],
    });
    const bare = await cli(['add', 'cases/checkout.cases.yaml', '--title', 'Says hello'], dir);
    expect(bare.stderr).toMatch(
      /^warning: cases\/checkout\.cases\.yaml:\d+:\d+ this case checks nothing: add expected\.requirements or expected\.assert\n$/,
    );
  });

  it('refuses bad input without touching the file', async () => {
    const dir = path.join(scratch, 'bad-input');
    mkdirSync(dir);
    await cli(['add', 'cases/checkout.cases.yaml', '--kind', 'manual', '--title', 'Pay by card'], dir);
    const file = path.join(dir, 'cases/checkout.cases.yaml');
    const before = readFileSync(file, 'utf8');
    expect(await cli(['add', 'cases/checkout.cases.yaml', '--kind', 'manual', '--title', 'x', '--step', 'no arrow'], dir)).toMatchObject({
      code: 2,
      stderr: `casewright add: option '--step <"action => expected">' argument 'no arrow' is invalid. Write a step as "what to do => what should happen" (see 'casewright add --help')\n`,
    });
    expect((await cli(['add', 'cases/notes.yaml', '--title', 'x'], dir)).stderr).toBe(
      'casewright: cases/notes.yaml: case files are named *.cases.yaml\n',
    );
    expect((await cli(['add', 'cases/checkout.cases.yaml'], dir)).code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});
