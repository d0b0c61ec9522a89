// `casewright export` as a user runs it, in a scratch project: a real `casewright run`
// against a local command target writes `.casewright/last-run.json`, then every format is
// exported and read back as the other tool would: the JSON against schemas written from
// Xray's and Zephyr Scale's documentation (core/src/connectors/interop/__fixtures__, each
// citing its page), the .feature files through the official Gherkin parser. Bad input
// exits 2 with file:line:col and writes nothing.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCasewright } from './helpers/cli.js';

const root = path.resolve(import.meta.dirname, '..');
const fixtures = path.join(root, 'core/src/connectors/interop/__fixtures__');
const scratch = mkdtempSync(path.join(tmpdir(), 'casewright-export-'));

async function cli(args: string[], cwd = scratch) {
  const result = await runCasewright(args, { cwd, withoutEnv: /_API_KEY$|^JIRA_/ });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strictRequired: false }));
const validator = (name: string) => {
  const { $comment: _comment, ...schema } = JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as Record<string, unknown>;
  return ajv.compile(schema);
};
const readJson = (file: string) => JSON.parse(readFileSync(path.join(scratch, file), 'utf8')) as unknown;

mkdirSync(path.join(scratch, 'cases'));
mkdirSync(path.join(scratch, 'targets'));
copyFileSync(path.join(fixtures, 'checkout.cases.yaml'), path.join(scratch, 'cases/checkout.cases.yaml'));
// The app under test answers every question the same way, in German, without the word the check wants.
writeFileSync(path.join(scratch, 'targets/answer.mjs'), "process.stdout.write('Nein, eine Rückgabe ist nicht möglich.');\n");
writeFileSync(path.join(scratch, 'targets/kiosk.yaml'), 'type: command\ncommand: node\nargs: [answer.mjs]\n');

describe('casewright export', () => {
  let run: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    run = await cli(['run', 'cases', '--target', 'targets/kiosk.yaml']);
  });

  it('exports the last run as Xray JSON results: valid, one Test Run per case, the failure with its transcript', async () => {
    expect(run.code).toBe(1); // the conversation case fails: the answer has no "refund"
    const result = await cli(['export', '--format', 'xray-results', '--project', 'SHOP']);
    expect(result.stderr).toBe('exported 4 test results as xray-results to .casewright/export/xray-results.json\n');
    expect(result.code).toBe(0);
    const document = readJson('.casewright/export/xray-results.json') as {
      tests: Array<{ status: string; testInfo: { type: string; summary: string; steps?: unknown[] }; evidence?: Array<{ data: string }> }>;
    };
    const validate = validator('xray-results.schema.json');
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document.tests.map((t) => [t.testInfo.type, t.status])).toEqual([
      ['Manual', 'TODO'],
      ['Cucumber', 'TODO'],
      ['Generic', 'FAILED'],
      ['Manual', 'TODO'],
    ]);
    expect(document.tests[0]!.testInfo.steps).toHaveLength(2);
    expect(Buffer.from(document.tests[2]!.evidence![0]!.data, 'base64').toString('utf8')).toContain(
      'Nein, eine Rückgabe ist nicht möglich.',
    );
  });

  it('exports cases as Xray bulk test import JSON to standard output with --out -', async () => {
    const result = await cli(['export', 'cases', '--format', 'xray', '--out', '-']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      'exported 4 cases as xray\nnote: no project key: pass ?project=KEY to the import call (or --project KEY here)\n',
    );
    const validate = validator('xray-bulk-tests.schema.json');
    const tests = JSON.parse(result.stdout) as Array<{ fields: { summary: string } }>;
    expect(validate(tests), JSON.stringify(validate.errors)).toBe(true);
    expect(tests[0]!.fields.summary).toBe('Zahlung mit Karte bestätigt die Bestellung');
  });

  it('exports Zephyr Scale test cases into an existing directory under the default name', async () => {
    mkdirSync(path.join(scratch, 'out'));
    const result = await cli(['export', 'cases', '--format', 'zephyr', '--project', 'SHOP', '--out', 'out']);
    expect(result.stderr).toBe(`exported 4 cases as zephyr to ${path.join('out', 'zephyr-testcases.json')}\n`);
    const validate = validator('zephyr-testcases.schema.json');
    expect(validate(readJson('out/zephyr-testcases.json')), JSON.stringify(validate.errors)).toBe(true);
  });

  it('exports manual cases as .feature files the official parser reads, beside their case file paths', async () => {
    const result = await cli(['export', 'cases', '--format', 'gherkin', '--out', 'features']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `exported 3 scenarios as gherkin to ${path.join('features', 'cases', 'checkout.feature')}\nnote: 1 conversation case not exported: Gherkin carries manual cases only\n`,
    );
    const text = readFileSync(path.join(scratch, 'features/cases/checkout.feature'), 'utf8');
    const document = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher()).parse(text);
    expect(document.feature!.children.map((c) => c.scenario!.steps.length)).toEqual([6, 4, 4]);
  });

  it('needs a project key for Zephyr Scale: exit 2, nothing written', async () => {
    const result = await cli(['export', 'cases', '--format', 'zephyr', '--out', 'zephyr.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'casewright: zephyr needs the Jira project the tests belong to: pass --project KEY (or set jira.project in casewright.config.yaml)\n',
    );
    expect(existsSync(path.join(scratch, 'zephyr.json'))).toBe(false);
  });

  it('stops at an invalid case file with file:line:col and writes nothing, not even the valid files', async () => {
    mkdirSync(path.join(scratch, 'mixed'));
    copyFileSync(path.join(fixtures, 'checkout.cases.yaml'), path.join(scratch, 'mixed/a.cases.yaml'));
    writeFileSync(
      path.join(scratch, 'mixed/b.cases.yaml'),
      'suite: Broken\ncases:\n  - id: 0b6c1f52-6d1c-4a53-9c39-6f1e0d2c3b4a\n    title: No steps\n    kind: manual\n',
    );
    const result = await cli(['export', 'mixed', '--format', 'gherkin', '--out', 'mixed-features']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("casewright: mixed/b.cases.yaml:3:5 missing required field 'steps'\n");
    expect(existsSync(path.join(scratch, 'mixed-features'))).toBe(false);
  });

  it('joins a title wrapped over lines into one Scenario line, says where, and keeps the files it does not write', async () => {
    expect((await cli(['export', 'cases', '--format', 'gherkin', '--out', 'kept'])).code).toBe(0);
    writeFileSync(path.join(scratch, 'kept/keep.txt'), 'mine\n');
    const wrapped = readFileSync(path.join(fixtures, 'checkout.cases.yaml'), 'utf8').replace(
      '    title: Guest checkout is offered\n',
      '    title: |-\n      Guest checkout\n      is offered\n',
    );
    mkdirSync(path.join(scratch, 'multiline'));
    writeFileSync(path.join(scratch, 'multiline/c.cases.yaml'), wrapped);
    const result = await cli(['export', 'multiline', '--format', 'gherkin', '--out', 'kept']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      'note: multiline/c.cases.yaml:30:12 line breaks in the title joined with spaces: a Gherkin line is one line\n',
    );
    expect(readdirSync(path.join(scratch, 'kept')).sort()).toEqual(['cases', 'keep.txt', 'multiline']);
    const body = (file: string) => readFileSync(path.join(scratch, file), 'utf8').split('\n').slice(1).join('\n');
    expect(body('kept/multiline/c.feature')).toBe(body('kept/cases/checkout.feature'));
  });

  it("never replaces a .feature file it did not write: exit 2, the user's file and the other outputs untouched", async () => {
    mkdirSync(path.join(scratch, 'own/cases'), { recursive: true });
    const story = 'Feature: Checkout\n  Scenario: written by hand\n    Given a cart\n';
    writeFileSync(path.join(scratch, 'own/cases/checkout.feature'), story);
    const result = await cli(['export', 'cases', '--format', 'gherkin', '--out', 'own']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `casewright: ${path.join('own', 'cases', 'checkout.feature')}: exists and was not written by casewright export; choose another --out\n`,
    );
    expect(readFileSync(path.join(scratch, 'own/cases/checkout.feature'), 'utf8')).toBe(story);
  });
});
