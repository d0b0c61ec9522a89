// The four export formats, checked against schemas written from each tool's published
// documentation (see the `$comment` of each schema in __fixtures__ for the page), and
// round-tripped: the Gherkin parses back with the official parser, step counts and texts
// (non-ASCII included) survive every format.
// - Xray Cloud "Import Tests - Bulk": https://docs.getxray.app/display/XRAYCLOUD/Import+Tests+-+Bulk
// - Xray Cloud "Using Xray JSON format to import execution results":
//   https://docs.getxray.app/display/XRAYCLOUD/Using+Xray+JSON+format+to+import+execution+results
// - Zephyr Scale Cloud REST API v2: https://support.smartbear.com/zephyr-scale-cloud/api-docs/
// - Gherkin reference: https://cucumber.io/docs/gherkin/reference/
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AstBuilder, compile, GherkinClassicTokenMatcher, Parser } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../model/case-file.js';
import type { ManualCase } from '../../model/case.js';
import { RunResultSchema, type RunResult } from '../../model/result.js';
import type { ExportSuite } from './export-input.js';
import { toFeature } from './gherkin-export.js';
import { toXrayResults } from './xray-results-export.js';
import { toXrayTests } from './xray-tests-export.js';
import { toZephyr } from './zephyr-export.js';

const fixtures = path.join(import.meta.dirname, '__fixtures__');
const json = (name: string) => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')) as Record<string, unknown>;

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictRequired: false }));
const schema = (name: string) => {
  const { $comment: _comment, ...rest } = json(name);
  return ajv.compile(rest);
};
const validateBulk = schema('xray-bulk-tests.schema.json');
const validateResults = schema('xray-results.schema.json');
const validateZephyr = schema('zephyr-testcases.schema.json');

function loadSuite(text: string, file = 'cases/checkout.cases.yaml'): ExportSuite {
  const parsed = parseCaseFile(text, file);
  expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { file, suite: parsed.suite!, locate: (p) => parsed.locate(p).start };
}
const checkout = loadSuite(readFileSync(path.join(fixtures, 'checkout.cases.yaml'), 'utf8'));
const manualCases = checkout.suite.cases.filter((c): c is ManualCase => c.kind === 'manual');
const card = manualCases[0]!;

describe('the schemas written from the documentation', () => {
  it.each([
    ['Xray bulk test import', validateBulk, json('xray-bulk-tests.doc-example.json').tests],
    ['Xray JSON results', validateResults, json('xray-results.doc-example.json').document],
    ['Zephyr Scale test cases', validateZephyr, json('zephyr-testcases.doc-example.json').document],
  ])('accept the documented example: %s', (_name, validate, example) => {
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  it('reject what the documentation rules out', () => {
    expect(validateBulk([{ fields: { summary: 'no test type' } }])).toBe(false);
    expect(validateBulk([{ testtype: 'Manual', fields: { summary: 'x' }, steps: [{ data: 'no action' }] }])).toBe(false);
    expect(validateResults({ tests: [] })).toBe(false);
    expect(validateResults({ tests: [{ status: 'PASSED' }] })).toBe(false); // neither testKey nor testInfo
    expect(validateResults({ tests: [{ testKey: 'DEMO-1', status: 'PASSED', evidence: [{ data: 'not base64!', filename: 'x' }] }] })).toBe(
      false,
    );
    expect(
      validateZephyr({
        format: 'zephyr-scale-cloud-v2',
        projectKey: 'SA',
        testCases: [{ caseId: 'x', file: 'f', issueLinks: [], testCase: { name: 'no project' } }],
      }),
    ).toBe(false);
  });
});

describe('xray: cases as Xray tests (Import Tests - Bulk)', () => {
  const tests = toXrayTests([checkout], { projectKey: 'SHOP', priorities: { high: 'Highest' } });

  it('is valid for the bulk import and has one test per case', () => {
    expect(validateBulk(tests), JSON.stringify(validateBulk.errors)).toBe(true);
    expect(tests.map((t) => t.testtype)).toEqual(['Manual', 'Cucumber', 'Generic', 'Manual']);
  });

  it('keeps every manual step, its data and its expected result, word for word', () => {
    const [manual] = tests;
    expect(manual!.steps).toEqual(
      card.steps.map((s) => ({ action: s.action, ...(s.data !== undefined ? { data: s.data } : {}), result: s.expected })),
    );
    expect(manual!.steps![1]!.data).toBe('Ablauf 12/30, CVC 123\nNotiz: """dreifache Anführungszeichen"""\n');
    expect(manual!.fields).toMatchObject({
      summary: 'Zahlung mit Karte bestätigt die Bestellung',
      project: { key: 'SHOP' },
      labels: ['checkout', 'smoke', 'zahlung', 'id:2b7e4c1a-3d5f-4a8b-9c0d-1e2f3a4b5c6d'],
      priority: { name: 'Highest' },
    });
    expect(manual!.fields.description).toBe(
      'Preconditions:\n- Der Browser ist nicht angemeldet\n- Der Warenkorb enthält den Wasserkocher „Acme Steel“',
    );
  });

  it('links every test to its story with the coverage link type and files it under its suite', () => {
    for (const test of tests) {
      expect(test.update).toEqual({ issuelinks: [{ add: { type: { name: 'Tests' }, outwardIssue: { key: 'SHOP-101' } } }] });
      expect(test.xray_test_repository_folder).toBe('/Kasse — Bezahlung');
    }
  });

  it('writes a Gherkin-phrased case as a Cucumber test and a conversation case as a Generic test run by Casewright', () => {
    expect(tests[1]!.gherkin_def).toBe(
      'Given the cart holds one item\nAnd the cart badge shows 1\nWhen I open checkout\nThen I can continue as a guest',
    );
    expect(tests[2]!.unstructured_def).toBe('casewright run . --case c8b3550a-9834-4f6d-acbc-077aecc1ed55');
    expect(tests[2]!.fields.description).toContain('user: Ich habe vor 10 Tagen einen Wasserkocher gekauft. Kann ich ihn zurückgeben?');
    expect(tests[2]!.fields.description).toContain('- Confirms that a refund is possible within 30 days');
  });

  it('leaves the project to the import call when none is given', () => {
    expect(toXrayTests([checkout])[0]!.fields.project).toBeUndefined();
  });
});

describe('gherkin: manual cases as .feature files', () => {
  const feature = toFeature(checkout);
  const parse = (text: string) => new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher()).parse(text);
  const document = parse(feature.text!);
  const scenarios = document.feature!.children.map((c) => c.scenario!);

  it('parses with the official parser: one Feature, one Scenario per manual case', () => {
    expect(feature).toMatchObject({ scenarios: 3, skipped: 1 });
    expect(document.feature!.name).toBe('Kasse — Bezahlung');
    expect(scenarios.map((s) => s.name)).toEqual(manualCases.map((c) => c.title));
    // A description line that would read as a tag stays description text.
    expect(document.feature!.description).toContain('> @checkout is not a tag here');
  });

  it('keeps every step: preconditions as Given/And, actions with their own keyword or *, expected results as Then', () => {
    const [first, gherkin, plain] = scenarios;
    expect(first!.steps.map((s) => `${s.keyword}${s.text}`)).toEqual([
      'Given Der Browser ist nicht angemeldet',
      'And Der Warenkorb enthält den Wasserkocher „Acme Steel“',
      '* Zur Kasse gehen und als Gast fortfahren',
      'Then Die Kasse bietet die Zahlung per Karte an',
      '* Mit der Karte 4242 4242 4242 4242 bezahlen',
      'Then Die Bestätigungsseite zeigt eine Bestellnummer (€ 39,90)',
    ]);
    expect(first!.steps[4]!.docString!.content).toBe(card.steps[1]!.data);
    expect(gherkin!.steps.map((s) => `${s.keyword}${s.text}`)).toEqual([
      'Given the cart holds one item',
      'And the cart badge shows 1',
      'When I open checkout',
      'Then I can continue as a guest',
    ]);
    expect(plain!.steps).toHaveLength(4);
  });

  it('tags each scenario with the case tags, @id:<uuid>, @story:KEY, the criteria and the priority', () => {
    const pickles = compile(document, 'checkout.feature', IdGenerator.incrementing());
    expect(pickles[0]!.tags.map((t) => t.name)).toEqual([
      '@checkout',
      '@smoke',
      '@zahlung',
      '@id:2b7e4c1a-3d5f-4a8b-9c0d-1e2f3a4b5c6d',
      '@story:SHOP-101',
      '@covers:AC-1',
      '@priority:high',
    ]);
  });

  it('escapes a Doc String that holds both delimiters', () => {
    const tricky = loadSuite(
      readFileSync(path.join(fixtures, 'checkout.cases.yaml'), 'utf8').replace(
        'Notiz: """dreifache Anführungszeichen"""',
        'a """ and a ``` in one',
      ),
    );
    const step = parse(toFeature(tricky).text!).feature!.children[0]!.scenario!.steps[4]!;
    expect(step.docString!.content).toBe('Ablauf 12/30, CVC 123\na """ and a ``` in one\n');
  });

  it('joins a step wrapped over lines into one Gherkin line and says where', () => {
    const text = readFileSync(path.join(fixtures, 'checkout.cases.yaml'), 'utf8').replace(
      '      - action: Zur Kasse gehen und als Gast fortfahren\n',
      '      - action: |-\n          Zur Kasse gehen\n          und als Gast fortfahren\n',
    );
    const wrapped = toFeature(loadSuite(text));
    expect(wrapped.notes).toEqual([
      'cases/checkout.cases.yaml:22:17 line breaks in the action joined with spaces: a Gherkin line is one line',
    ]);
    expect(wrapped.text).toBe(feature.text);
  });
});

describe('zephyr: cases as Zephyr Scale Cloud test cases', () => {
  const document = toZephyr([checkout], 'SHOP');
  const unescape = (html: string) => html.replaceAll('<br>', '\n').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

  it('is valid for the API and maps priority, status, labels and the story', () => {
    expect(validateZephyr(document), JSON.stringify(validateZephyr.errors)).toBe(true);
    expect(document.testCases[0]).toMatchObject({
      caseId: card.id,
      file: 'cases/checkout.cases.yaml',
      testCase: {
        projectKey: 'SHOP',
        name: card.title,
        priorityName: 'High',
        statusName: 'Approved',
        labels: ['checkout', 'smoke', 'zahlung', `id:${card.id}`],
      },
      issueLinks: ['SHOP-101'],
    });
    expect(document.testCases[3]!.testCase).toMatchObject({ priorityName: 'Normal', statusName: 'Draft' });
  });

  it('keeps step counts and texts (HTML-escaped, line breaks as <br>)', () => {
    const items = document.testCases[0]!.testSteps!.items;
    expect(document.testCases[0]!.testSteps!.mode).toBe('OVERWRITE');
    expect(
      items.map((i) => ({
        action: unescape(i.inline.description),
        data: i.inline.testData && unescape(i.inline.testData),
        expected: unescape(i.inline.expectedResult),
      })),
    ).toEqual(card.steps.map((s) => ({ action: s.action, data: s.data, expected: s.expected })));
    expect(document.testCases[0]!.testCase.precondition).toBe(
      '- Der Browser ist nicht angemeldet<br>- Der Warenkorb enthält den Wasserkocher „Acme Steel“',
    );
  });

  it('writes a Gherkin-phrased case as a BDD script and a conversation case as a plain-text script', () => {
    expect(document.testCases[1]!.testScript).toEqual({
      type: 'bdd',
      text: 'Given the cart holds one item\nAnd the cart badge shows 1\nWhen I open checkout\nThen I can continue as a guest',
    });
    expect(document.testCases[2]!.testScript!.type).toBe('plain');
    expect(unescape(document.testCases[2]!.testScript!.text)).toContain('Kann ich ihn zurückgeben?');
  });
});

describe('xray-results: a run as Xray JSON execution results', () => {
  const started = '2026-11-27T10:00:00.000Z';
  /** A manual case as `casewright run` reports it: skipped, nobody ran it there. */
  const notRunManual = (caseId: string, title: string) => ({
    ...{ caseId, title, kind: 'manual', outcome: 'skipped', skipReason: 'manual' },
    ...{ score: 0, assertions: [], durationMs: 0, startedAt: started },
  });
  const run: RunResult = RunResultSchema.parse({
    schemaVersion: 1,
    runId: 'run-1',
    startedAt: started,
    finishedAt: '2026-11-27T10:00:05.000Z',
    target: 'example-app',
    summary: {
      total: 3,
      passed: 0,
      failed: 1,
      errored: 0,
      skipped: 2,
      flaky: 0,
      durationMs: 5000,
      cost: 0,
      tokenUsage: { input: 0, output: 0, total: 0 },
    },
    cases: [
      {
        caseId: 'c8b3550a-9834-4f6d-acbc-077aecc1ed55',
        title: 'Refund request within 30 days explains how to return the item',
        kind: 'conversation',
        file: 'cases/checkout.cases.yaml',
        target: 'example-app',
        outcome: 'failed',
        score: 0,
        output: 'Nein, das geht nicht.',
        input: [{ role: 'user', content: 'Ich habe vor 10 Tagen einen Wasserkocher gekauft. Kann ich ihn zurückgeben?' }],
        assertions: [{ type: 'icontains', pass: false, score: 0, reason: "output does not contain 'refund'", weight: 1 }],
        durationMs: 1200,
        startedAt: started,
      },
      {
        ...notRunManual(card.id, card.title),
        steps: [
          { index: 1, status: 'PASS' },
          { index: 2, status: 'FAIL', actual: 'Fehler 500 – keine Bestellnummer' },
        ],
      },
      notRunManual('5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d1c', 'Declined card shows a reason'),
    ],
  });
  const withKey = loadSuite(
    readFileSync(path.join(fixtures, 'checkout.cases.yaml'), 'utf8').replace(
      '    title: Zahlung mit Karte bestätigt die Bestellung\n',
      "    title: Zahlung mit Karte bestätigt die Bestellung\n    jira: { key: SHOP-7, version: 1, syncedAt: '2026-11-01T00:00:00Z' }\n",
    ),
  );
  const document = toXrayResults(run, { file: 'last-run.json', projectKey: 'SHOP', testPlanKey: 'SHOP-50', cases: [withKey] });

  it('is valid Xray JSON with a new Test Execution', () => {
    expect(validateResults(document), JSON.stringify(validateResults.errors)).toBe(true);
    expect(document.info).toMatchObject({
      project: 'SHOP',
      testPlanKey: 'SHOP-50',
      testEnvironments: ['example-app'],
      startDate: started,
      finishDate: '2026-11-27T10:00:05.000Z',
    });
  });

  it('reports a failed conversation case as FAILED with the failed check and the transcript as evidence', () => {
    const refund = document.tests[0]!;
    expect(refund).toMatchObject({ status: 'FAILED', start: started, finish: '2026-11-27T10:00:01.200Z' });
    expect(refund.testInfo).toMatchObject({
      type: 'Generic',
      definition: 'casewright run . --case c8b3550a-9834-4f6d-acbc-077aecc1ed55',
      requirementKeys: ['SHOP-101'],
    });
    expect(refund.comment).toContain("- failed: icontains: output does not contain 'refund'");
    const transcript = Buffer.from(refund.evidence![0]!.data, 'base64').toString('utf8');
    expect(transcript).toContain('assistant: Nein, das geht nicht.');
    expect(transcript).toContain('Kann ich ihn zurückgeben?');
  });

  it("uses a synced case's Jira key as testKey and carries the manual step results", () => {
    expect(document.tests[1]).toMatchObject({
      testKey: 'SHOP-7',
      status: 'FAILED',
      steps: [{ status: 'PASSED' }, { status: 'FAILED', actualResult: 'Fehler 500 – keine Bestellnummer' }],
    });
    expect(document.tests[1]!.testInfo).toBeUndefined();
  });

  it('leaves a manual case nobody ran as TODO, found by its summary with its steps', () => {
    expect(document.tests[2]).toMatchObject({ status: 'TODO', testInfo: { type: 'Manual', summary: 'Declined card shows a reason' } });
    expect(document.tests[2]!.testInfo!.steps).toHaveLength(2);
  });

  it('imports into an existing Test Execution when given one', () => {
    const into = toXrayResults(run, { file: 'last-run.json', projectKey: 'SHOP', testExecutionKey: 'SHOP-90' });
    expect(into.testExecutionKey).toBe('SHOP-90');
    expect(validateResults(into)).toBe(true);
  });
});
