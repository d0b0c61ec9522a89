// Replay: a team reviews the offline generator's cases for a few stories of the corpus
// (test/fixtures/stories) through the real review job, then generates for new stories.
// The rule whose cases it kept rejecting no longer proposes any; rules it rejected only
// now and then still fire; the generate output names the rule, why, and how to reset it.
import { renameSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../../core/src/workspace/workspace.js';
import { readStory } from '../../core/src/workspace/story-job.js';
import { generate, generateIntoCaseFile } from '../../core/src/workspace/generate-job.js';
import { decideCase, findDraftCases } from '../../core/src/workspace/review-job.js';
import { DECISIONS_FILE, listDecisions } from '../../core/src/workspace/decisions-job.js';
import { rulesTurnedOff } from '../../core/src/generate/learned-rules.js';
import type { Decision } from '../../core/src/model/decision.js';
import { runCasewright } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const stories = path.join(root, 'test/fixtures/stories/markdown');
const REVIEWED = ['checkbox-dod.md', 'expiry-hours.md', 'bold-headings.md'];
const NEW = ['prose-ac.md', 'out-of-scope-in-ac.md'];
let dir: string;
let ws: Workspace;

const ruleOf = (c: { source?: { kind: string; rule?: string } | undefined }) =>
  c.source?.kind === 'generated' ? (c.source as { rule?: string }).rule : undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cw-learning-'));
  for (const f of [...REVIEWED, ...NEW]) await copyFile(path.join(stories, f), path.join(dir, f));
  ws = await openWorkspace({ cwd: dir, env: {} });
  for (const f of REVIEWED) await generateIntoCaseFile(ws, { story: await readStory(ws, { file: f }), storyFile: f, offline: true });
  // The team's review: every time-limit case rejected (they test expiry elsewhere), the two
  // numeric-limit cases of one story rejected, everything else accepted.
  const { drafts } = await findDraftCases(ws);
  let numericRejected = 0;
  for (const d of drafts) {
    const rule = ruleOf(d.testCase);
    const reject = rule === 'time-limit' || (rule === 'numeric-limit' && numericRejected++ < 2);
    await decideCase(ws, {
      file: d.file,
      caseId: d.testCase.id,
      ...(reject ? { decision: 'rejected', reason: 'not-valuable', note: 'expiry is covered by the API tests' } : { decision: 'accepted' }),
    });
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('learning from review decisions (replay over the story corpus)', () => {
  it('the recorded log turns off the rule the team kept rejecting, and only that one', async () => {
    const { decisions, warnings } = await listDecisions(ws);
    expect(warnings).toEqual([]);
    const rejectedByRule = Object.fromEntries(
      [...new Set(decisions.map((d) => d.case.rule))].map((r) => [
        r,
        decisions.filter((d) => d.case.rule === r && d.decision === 'rejected').length,
      ]),
    );
    expect(rejectedByRule).toMatchObject({ 'time-limit': 4, 'numeric-limit': 2, 'criterion-positive': 0 });
    expect(rulesTurnedOff(decisions)).toEqual([{ rule: 'time-limit', rejected: 4, decided: 4, reasons: { 'not-valuable': 4 } }]);
  });

  it.each(NEW)('generation for a new story (%s) no longer proposes time-limit cases; other rules still fire', async (file) => {
    const story = await readStory(ws, { file });
    const before = await generate(ws, { story, offline: true, learn: false });
    expect(before.cases.filter((c) => ruleOf(c) === 'time-limit').length).toBeGreaterThan(0);
    const after = await generate(ws, { story, offline: true });
    expect(after.cases.filter((c) => ruleOf(c) === 'time-limit')).toEqual([]);
    expect(after.cases.map((c) => c.title)).toEqual(before.cases.filter((c) => ruleOf(c) !== 'time-limit').map((c) => c.title));
    expect(after.rulesOff).toEqual([
      {
        rule: 'time-limit',
        rejected: 4,
        decided: 4,
        reasons: { 'not-valuable': 4 },
        skipped: before.cases.filter((c) => ruleOf(c) === 'time-limit').length,
      },
    ]);
    expect(after.learnedFrom).toEqual({ file: DECISIONS_FILE, decisions: expect.any(Number), warnings: [], examples: 0, avoid: 0 });
  });

  it('the CLI says which rule is off, why and how to turn it back on; deleting the file resets it', async () => {
    const cli = (...args: string[]) => runCasewright(args, { cwd: dir });
    const run = await cli('generate', '--story', 'prose-ac.md', '--offline', '--dry-run');
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      '  rule time-limit is off for this project: reviewers rejected its cases 4 of 4 times (not-valuable ×4); left out 2 cases\n',
    );
    expect(run.stderr).toContain(
      '  to turn it back on: delete the lines with "rule":"time-limit" from .casewright/decisions.jsonl (or the whole file); --no-learning ignores the decisions for one run\n',
    );
    expect(run.stdout).not.toMatch(/rule: time-limit/);

    const once = await cli('generate', '--story', 'prose-ac.md', '--offline', '--dry-run', '--no-learning');
    expect(once.stderr).not.toContain('is off for this project');
    expect(once.stdout).toMatch(/rule: time-limit/);

    const log = path.join(dir, DECISIONS_FILE);
    renameSync(log, `${log}.bak`);
    try {
      const reset = await cli('generate', '--story', 'prose-ac.md', '--offline', '--dry-run');
      expect(reset.stderr).not.toContain('is off for this project');
      expect(reset.stdout).toMatch(/rule: time-limit/);
    } finally {
      renameSync(`${log}.bak`, log);
    }
    // Three CLI processes through tsx: 22 s at load 14 on 2 cores (a fresh-clone CI run).
  }, 90_000);
});

describe('rulesTurnedOff', () => {
  const decision = (caseId: string, rule: string, kind: Decision['decision']): Decision => ({
    v: 1,
    at: '2026-11-27T10:00:00Z',
    decision: kind,
    caseId,
    file: 'a.cases.yaml',
    case: { title: caseId, kind: 'manual', covers: ['AC-1'], generator: 'offline', rule, text: '' },
    ...(kind === 'rejected' ? { reason: 'duplicate' as const } : {}),
  });
  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

  it.each([
    ['2 rejections are not enough', [id(1), id(2)].map((c) => decision(c, 'restriction', 'rejected')), []],
    [
      '3 rejections out of 7 decisions are not a majority',
      [
        ...[1, 2, 3].map((n) => decision(id(n), 'restriction', 'rejected')),
        ...[4, 5, 6, 7].map((n) => decision(id(n), 'restriction', 'accepted')),
      ],
      [],
    ],
    [
      '3 rejections out of 5 turn it off',
      [...[1, 2, 3].map((n) => decision(id(n), 'restriction', 'rejected')), ...[4, 5].map((n) => decision(id(n), 'restriction', 'edited'))],
      ['restriction'],
    ],
    [
      'a case rejected and later accepted counts as accepted',
      [...[1, 2, 3].map((n) => decision(id(n), 'restriction', 'rejected')), decision(id(3), 'restriction', 'accepted')],
      [],
    ],
  ])('%s', (_, decisions, off) => {
    expect(rulesTurnedOff(decisions).map((r) => r.rule)).toEqual(off);
  });
});
