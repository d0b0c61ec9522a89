// Coming from promptfoo: the example promptfooconfig.yaml (examples/promptfoo/, common
// assertion types, a JSON chat prompt file, an http and an OpenAI provider) is imported
// by the real CLI into a temporary folder, what did not map is listed with file:line:col,
// the case file validates, a second import adds nothing, and the cases run against
// the bundled example app.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCaseFile } from '@casewright/core';
import { runCasewright } from './helpers/cli.js';

const root = path.resolve(import.meta.dirname, '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'casewright-promptfoo-'));

async function cli(args: string[], cwd = root) {
  const result = await runCasewright(args, { cwd, withoutEnv: /_API_KEY$/ });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const out = path.join(scratch, 'pf/support.cases.yaml');
const config = 'examples/promptfoo/promptfooconfig.yaml';

describe('casewright import --from promptfoo:', () => {
  let first: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    first = await cli(['import', '--from', `promptfoo:${config}`, '--out', out]);
  });

  it('turns every test into a case, writes targets for the providers that map, and lists what did not map', () => {
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0]).toBe(`Imported: 5 new cases in ${out} from promptfoo:${config}`);
    expect(lines).toContain('  cases run against target acme-support unless you pass --target');
    expect(lines).toContain(`  wrote target ${path.join(scratch, 'pf/targets/acme-support.yaml')}`);
    expect(lines.slice(lines.indexOf('Not imported (3):') + 1)).toEqual([
      `  ${config}:11:3 promptfoo runs every test against each of 2 providers; the cases run against acme-support (run the others with --target openai-gpt-4.1-mini)`,
      `  ${config}:87:9 assertion similar: embedding similarity has no Casewright equivalent (Casewright's similarity is lexical: levenshtein or rouge-l)`,
      `  ${config}:90:9 assertion contains-json: JSON inside other text is not checked by Casewright (is-json and json-schema check the whole answer)`,
    ]);
  });

  it('writes a valid case file with vars, mapped checks and requirements', async () => {
    const parsed = parseCaseFile(readFileSync(out, 'utf8'), 'support.cases.yaml');
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const suite = parsed.suite!;
    expect(suite.defaults?.target).toBe('acme-support');
    const refund = suite.cases[0]!;
    expect(refund).toMatchObject({
      title: 'Refund within 30 days explains how to return the item',
      kind: 'conversation',
      source: { kind: 'promptfoo', file: config, test: 1 },
      input: {
        messages: [
          { role: 'system', content: "You are Acme's support assistant. Be friendly and concise." },
          { role: 'user', content: '{{question}}' },
        ],
        vars: { question: 'I bought a kettle 10 days ago and it leaks. Can I get my money back?' },
      },
      expected: {
        requirements: ['Explains how to start the return'],
        assert: [
          { type: 'not-icontains', value: 'as an AI' },
          { type: 'icontains', value: 'refund' },
          { type: 'contains-any', value: ['30 days', '30-day'] },
          { type: 'latency', max: 5000 },
        ],
      },
    });
    expect(suite.cases[3]).toMatchObject({ expected: { assert: expect.arrayContaining([{ type: 'contains', value: 'DHL' }]) } });
    expect((await cli(['validate', out])).code).toBe(0);
  });

  it('importing again adds nothing and keeps edits made to the cases', async () => {
    writeFileSync(out, readFileSync(out, 'utf8').replace('title: Shipping times name both options', 'title: Shipping times (edited)'));
    const again = await cli(['import', '--from', `promptfoo:${config}`, '--out', out]);
    expect(again.stdout.split('\n')[0]).toBe(
      `Imported: 0 new cases in ${out} from promptfoo:${config} (5 already in the file, left as they are)`,
    );
    expect(readFileSync(out, 'utf8')).toContain('title: Shipping times (edited)');
  });

  it('runs against the example app: every mapped check passes; the rubric waits for a judge', async () => {
    const run = await cli([
      'run',
      out,
      '--target',
      'examples/targets/example-app.yaml',
      '--reporter',
      'console,json',
      '--out',
      path.join(scratch, 'reports'),
    ]);
    expect(run.stdout).toContain('5 passed, 0 failed of 5');
    expect(run.stdout).toContain('1 case has a check skipped: no judge model configured');
    const result = JSON.parse(readFileSync(path.join(scratch, 'reports/results.json'), 'utf8'));
    const checks = result.cases.flatMap((c: { assertions: { type: string; pass: boolean; skipped?: boolean }[] }) => c.assertions);
    expect(checks.filter((a: { skipped?: boolean }) => !a.skipped).every((a: { pass: boolean }) => a.pass)).toBe(true);
    expect(checks.map((a: { type: string }) => a.type)).toEqual(
      expect.arrayContaining(['regex', 'contains-all', 'javascript', 'assert-set', 'starts-with', 'not-contains', 'latency']),
    );
    expect(run.code).toBe(0);
  });

  it('a broken config is an input error with file:line:col, and nothing is written', async () => {
    const bad = path.join(scratch, 'bad.yaml');
    writeFileSync(bad, 'prompts: [\n');
    const run = await cli(['import', '--from', `promptfoo:${bad}`, '--out', path.join(scratch, 'never.cases.yaml')]);
    expect(run.stderr).toMatch(/^casewright: .*bad\.yaml:\d+:\d+ /);
    expect(run.code).toBe(2);
    expect(existsSync(path.join(scratch, 'never.cases.yaml'))).toBe(false);
  });

  it('CSV test files are refused with what to do instead', async () => {
    const csv = path.join(scratch, 'csv.yaml');
    writeFileSync(csv, 'prompts: ["{{q}}"]\ntests: file://tests.csv\n');
    const run = await cli(['import', '--from', `promptfoo:${csv}`, '--out', path.join(scratch, 'csv.cases.yaml')]);
    expect(run.stderr.trim()).toMatch(
      /csv\.yaml:2:8 tests: file:\/\/tests\.csv: only YAML or JSON test files \(file:\/\/tests\.yaml\) are imported; export CSV tests to YAML first$/,
    );
    expect(run.code).toBe(2);
  });
});
