import { existsSync, mkdtempSync, readFileSync, writeFileSync, appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestCaseInput } from '../model/case.js';
import { DECISIONS_FILE, listDecisions, recordDecision, type DecisionStore } from './decisions-job.js';
import type { Decision } from '../model/decision.js';
import { openWorkspace } from './workspace.js';

const KEY = 'sk-test-0123456789abcdefghij';

const draft = (title: string, rule = 'numeric-limit'): TestCaseInput => ({
  id: '902a1105-79d4-506f-8813-6db59a4ec5c6',
  title,
  kind: 'manual',
  covers: ['AC-2'],
  status: 'draft',
  source: { kind: 'generated', generator: 'offline', story: 'stories/search.md', rule },
  steps: [{ action: 'Enter a name with 41 characters.', data: `token ${KEY}`, expected: 'It is refused.' }],
});

async function workspace() {
  const dir = mkdtempSync(path.join(tmpdir(), 'casewright-decisions-'));
  return { dir, ws: await openWorkspace({ cwd: dir, env: { OPENAI_API_KEY: KEY } }) };
}

describe('recordDecision / listDecisions', () => {
  it('appends one JSON line per decision and reads them back in order', async () => {
    const { dir, ws } = await workspace();
    await recordDecision(ws, { decision: 'accepted', testCase: draft('A name with 40 characters is accepted'), file: 'search.cases.yaml' });
    await recordDecision(ws, {
      decision: 'rejected',
      testCase: draft('A name with 41 characters is refused'),
      file: path.join(dir, 'search.cases.yaml'),
      reason: 'wrong-expectation',
      note: '  the limit is 41  ',
    });
    const text = readFileSync(path.join(dir, DECISIONS_FILE), 'utf8');
    expect(text.split('\n')).toHaveLength(3); // two lines and the final newline
    const log = await listDecisions(ws);
    expect(log.warnings).toEqual([]);
    expect(log.decisions.map((d) => [d.decision, d.file, d.story, d.case.rule, d.reason, d.note])).toEqual([
      ['accepted', 'search.cases.yaml', 'stories/search.md', 'numeric-limit', undefined, undefined],
      ['rejected', 'search.cases.yaml', 'stories/search.md', 'numeric-limit', 'wrong-expectation', 'the limit is 41'],
    ]);
  });

  it('never writes a secret the workspace knows of', async () => {
    const { dir, ws } = await workspace();
    await recordDecision(ws, { decision: 'accepted', testCase: draft('Accepts the key'), file: 'a.cases.yaml' });
    const text = readFileSync(path.join(dir, DECISIONS_FILE), 'utf8');
    expect(text).not.toContain(KEY);
    expect(text).toContain('token ***');
  });

  it('skips a torn last line with a warning, and the next decision starts on a line of its own', async () => {
    const { dir, ws } = await workspace();
    await recordDecision(ws, { decision: 'accepted', testCase: draft('First'), file: 'a.cases.yaml' });
    appendFileSync(path.join(dir, DECISIONS_FILE), '{"v":1,"at":"2026-11-27T10:00:00Z","decis');
    let log = await listDecisions(ws);
    expect(log.decisions).toHaveLength(1);
    expect(log.warnings).toEqual(['.casewright/decisions.jsonl:2: an unfinished last line (written while interrupted?); skipped']);

    await recordDecision(ws, { decision: 'rejected', testCase: draft('Third'), file: 'a.cases.yaml', reason: 'duplicate' });
    log = await listDecisions(ws);
    expect(log.decisions.map((d) => d.case.title)).toEqual(['First', 'Third']);
    expect(log.warnings).toEqual(['.casewright/decisions.jsonl:2: not JSON; skipped']);
  });

  it('skips lines that are JSON but not decisions, naming the line and the field', async () => {
    const { dir, ws } = await workspace();
    mkdirSync(path.join(dir, '.casewright'));
    writeFileSync(path.join(dir, DECISIONS_FILE), '{"v":1,"decision":"maybe"}\n\n');
    const log = await listDecisions(ws);
    expect(log.decisions).toEqual([]);
    expect(log.warnings).toHaveLength(1);
    expect(log.warnings[0]).toMatch(/^\.casewright\/decisions\.jsonl:1: not a decision \(at: /);
  });

  it('has no decisions before the first review', async () => {
    const { ws } = await workspace();
    expect(await listDecisions(ws)).toMatchObject({ decisions: [], warnings: [] });
  });

  it("records into the workspace's own store when it has one (the Jira app's KVS), with an edit's diff computed from the case before it", async () => {
    const kept: Decision[] = [];
    const store: DecisionStore = {
      where: 'a test store',
      append: async (d) => void kept.push(d),
      read: async () => ({ decisions: [...kept], warnings: [] }),
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'casewright-decisions-'));
    const ws = await openWorkspace({ cwd: dir, env: { OPENAI_API_KEY: KEY }, decisionStore: store });
    const before = draft('A name with 40 characters is accepted');
    await recordDecision(ws, {
      decision: 'edited',
      testCase: { ...before, title: 'A name of 41 characters is refused' },
      before,
      file: 'SHOP-7',
    });
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ decision: 'edited', file: 'SHOP-7', case: { title: 'A name of 41 characters is refused' } });
    expect(kept[0]!.diff).toContain('-title: A name with 40 characters is accepted\n+title: A name of 41 characters is refused');
    // Secrets are masked before the store sees them; nothing is written beside the workspace.
    expect(JSON.stringify(kept)).not.toContain(KEY);
    expect(existsSync(path.join(dir, DECISIONS_FILE))).toBe(false);
    expect(await listDecisions(ws)).toEqual({ file: 'a test store', decisions: kept, warnings: [] });
  });
});
