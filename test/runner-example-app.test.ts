// The runner end to end against the bundled example app (examples/app), started
// by the runner itself from examples/targets/example-app.yaml, exactly as
// `casewright run examples/ --target example-app` does. The JUnit output is
// checked with an independent JUnit XML parser (junit2json, over xml2js).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseJunit } from 'junit2json';
import { beforeAll, describe, expect, it } from 'vitest';
import { findCaseFiles, loadCaseFile, RunResultSchema, runSuites, type RunResult, type RunnableSuite } from '@casewright/core';
import { createJsonlReporter } from '../core/src/run/reporters/jsonl-reporter.js';
import { createJsonReporter } from '../core/src/run/reporters/json-reporter.js';
import { createJunitReporter } from '../core/src/run/reporters/junit-reporter.js';
import { createTarget, discoverTargets } from '../core/src/run/targets/resolve-targets.js';

const root = path.resolve(import.meta.dirname, '..');
const out = mkdtempSync(path.join(tmpdir(), 'casewright-run-'));
let result: RunResult;

async function loadExamples(): Promise<RunnableSuite[]> {
  const files = await findCaseFiles(['examples'], root);
  return Promise.all(
    files.map(async (file) => {
      const shown = path.relative(root, file);
      const parsed = await loadCaseFile(file, shown);
      return { file: shown, suite: parsed.suite! };
    }),
  );
}

const byTitle = (title: string) => {
  const found = result.cases.find((c) => c.title.startsWith(title));
  if (!found) throw new Error(`no case titled ${title}`);
  return found;
};

beforeAll(async () => {
  const suites = await loadExamples();
  const definitions = await discoverTargets({ cwd: root, caseFiles: suites.map((s) => path.join(root, s.file)) });
  const target = createTarget(definitions.get('example-app')!, {}, undefined);
  result = await runSuites({
    suites,
    target,
    concurrency: 4,
    reporters: [createJsonReporter(out), createJunitReporter(out), createJsonlReporter(out)],
  });
});

describe('runSuites against the example app', () => {
  it('passes the cases the app answers correctly and fails the two intended bugs with visible reasons', () => {
    expect(result.summary).toMatchObject({ failed: 2, errored: 0 });
    expect(byTitle('Customer asking for a human').outcome).toBe('failed');
    expect(byTitle('Customer asking for a human').assertions.find((a) => !a.pass)).toMatchObject({
      type: 'contains',
      reason: 'output does not contain "[HANDOVER]"',
    });
    expect(byTitle('Unintelligible transcript').outcome).toBe('failed');
    expect(byTitle('Refund request within 30 days').outcome).toBe('passed');
    expect(byTitle('Order tracking with a valid order number').outcome).toBe('passed');
  });

  it('lists manual cases as skipped (manual) and deprecated ones as skipped', () => {
    const manual = result.cases.filter((c) => c.kind === 'manual');
    expect(manual.length).toBeGreaterThan(5);
    for (const c of manual) expect(c).toMatchObject({ outcome: 'skipped', skipReason: 'manual' });
    expect(byTitle('Refund for a digital gift card')).toMatchObject({ outcome: 'skipped', skipReason: 'deprecated' });
  });

  it('skips llm-judge checks without a judge model and still decides the case on the other checks', () => {
    const refund = byTitle('Refund request within 30 days');
    const judge = refund.assertions.find((a) => a.type === 'llm-judge');
    expect(judge).toMatchObject({ skipped: true });
    expect(judge?.reason).toMatch(/^no judge model configured/);
  });

  it('replays multi-turn cases turn by turn and checks the last turn by default', () => {
    const followUp = byTitle('Caller corrects the quantity');
    expect(followUp.turns?.map((t) => t.turn)).toEqual([1, 2]);
    expect(followUp.turns?.[0]?.output).toBe('You would like two packs of coffee filters. Is that correct?');
    expect(followUp.output).toContain('three packs');
    expect(followUp.outcome).toBe('passed');
  });

  it('fills {{vars}} into the messages sent to the target', () => {
    const tracking = byTitle('Order tracking with a valid order number');
    expect(tracking.input?.[0]?.content).toBe('Where is my order ACM-458812?');
    expect(tracking.output).toContain('DHL');
  });

  it('writes a results.json that matches the result schema', () => {
    const json = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    expect(RunResultSchema.safeParse(json).success).toBe(true);
    expect(json.summary).toEqual(result.summary);
  });

  it('streams one JSONL line per case between a start and an end line', () => {
    const lines = readFileSync(path.join(out, 'results.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].type).toBe('start');
    expect(lines.at(-1)).toMatchObject({ type: 'end', summary: result.summary });
    expect(lines.filter((l) => l.type === 'case')).toHaveLength(result.cases.length);
  });

  it('writes JUnit XML that a JUnit parser reads: a suite per file, a testcase per case, failures with messages', async () => {
    const parsed = await parseJunit(readFileSync(path.join(out, 'junit.xml'), 'utf8'));
    const suites =
      (
        parsed as {
          testsuite?: {
            name?: string;
            tests?: number;
            failures?: number;
            skipped?: number;
            testcase?: { name?: string; failure?: { message?: string }[]; skipped?: unknown[] }[];
          }[];
        }
      ).testsuite ?? [];
    expect(suites.map((s) => s.name)).toEqual(expect.arrayContaining(['Acme support assistant', 'Voice order bot', 'Web checkout']));
    const cases = suites.flatMap((s) => s.testcase ?? []);
    expect(cases).toHaveLength(result.cases.length);
    const handover = cases.find((c) => c.name?.startsWith('Customer asking for a human'));
    expect(handover?.failure?.[0]?.message).toContain('output does not contain "[HANDOVER]"');
    expect(suites.reduce((n, s) => n + (s.failures ?? 0), 0)).toBe(2);
    expect(suites.find((s) => s.name === 'Web checkout')).toMatchObject({ tests: 9, skipped: 9 });
  });
});
