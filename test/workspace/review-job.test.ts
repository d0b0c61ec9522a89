// The review job every front end calls: draft cases found in real case files, and what
// accepting, editing and rejecting one does to the file and to the decisions log.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCaseFile } from '../../core/src/model/case-file.js';
import { openWorkspace, type Workspace } from '../../core/src/workspace/workspace.js';
import { readStory } from '../../core/src/workspace/story-job.js';
import { generateIntoCaseFile } from '../../core/src/workspace/generate-job.js';
import { caseFromYaml, caseToYaml, decideCase, findDraftCases } from '../../core/src/workspace/review-job.js';
import { listDecisions } from '../../core/src/workspace/decisions-job.js';

const STORY = path.resolve(import.meta.dirname, '../fixtures/stories/markdown/bold-headings.md');
let dir: string;
let ws: Workspace;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cw-ws-review-'));
  await copyFile(STORY, path.join(dir, 'search.md'));
  ws = await openWorkspace({ cwd: dir, env: {} });
  const story = await readStory(ws, { file: 'search.md' });
  file = (await generateIntoCaseFile(ws, { story, storyFile: 'search.md', offline: true })).outFile;
  // A person's comment in the file must survive every review.
  await writeFile(file, `# reviewed by the QA team\n${await readFile(file, 'utf8')}`);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const statuses = async () =>
  Object.fromEntries(parseCaseFile(await readFile(file, 'utf8'), 'f').suite!.cases.map((c) => [c.title, c.status]));

describe('review: findDraftCases and decideCase', () => {
  it('finds the drafts, and accept / reject set ready / deprecated, keeping comments and recording each decision', async () => {
    const { drafts, invalid } = await findDraftCases(ws);
    expect(invalid).toEqual([]);
    expect(drafts.map((d) => d.testCase.title)).toEqual([
      'A logged-in buyer can save the current search with a name',
      'A name with 40 characters is accepted',
      'A name with 41 characters is refused',
      'Saved searches are listed under "My searches" in the account menu',
      'Guests do not see the "Save search" button',
    ]);
    const [first, second] = drafts;
    await decideCase(ws, { file: first!.file, caseId: first!.testCase.id, decision: 'accepted' });
    await decideCase(ws, { file: 'search.cases.yaml', caseId: second!.testCase.id, decision: 'rejected', reason: 'not-valuable' });
    expect(await statuses()).toMatchObject({
      'A logged-in buyer can save the current search with a name': 'ready',
      'A name with 40 characters is accepted': 'deprecated',
      'A name with 41 characters is refused': 'draft',
    });
    expect(await readFile(file, 'utf8')).toMatch(/^# reviewed by the QA team\n/);
    expect((await findDraftCases(ws, ['search.cases.yaml'])).drafts).toHaveLength(3);
    const log = await listDecisions(ws);
    expect(log.decisions.map((d) => [d.decision, d.caseId, d.case.rule, d.reason, d.file])).toEqual([
      ['accepted', first!.testCase.id, 'criterion-positive', undefined, 'search.cases.yaml'],
      ['rejected', second!.testCase.id, 'numeric-limit', 'not-valuable', 'search.cases.yaml'],
    ]);
  });

  it('an edit writes only what changed, bumps the version, sets ready, and records the diff', async () => {
    const { drafts } = await findDraftCases(ws);
    const target = drafts[2]!;
    const yaml = caseToYaml(target.testCase).replace(
      'It is refused with a message that states the limit.',
      'It is refused with "At most 40 characters".',
    );
    const edited = caseFromYaml(yaml, target.testCase);
    const before = await readFile(file, 'utf8');
    await decideCase(ws, { file, caseId: target.testCase.id, decision: 'edited', edited });
    const after = await readFile(file, 'utf8');
    const changed = after.split('\n').filter((line) => !before.split('\n').includes(line));
    expect(changed).toEqual(['    status: ready', '    version: 2', '        expected: It is refused with "At most 40 characters".']);
    const [decision] = (await listDecisions(ws)).decisions;
    expect(decision?.decision).toBe('edited');
    expect(decision?.diff).toContain('-    expected: It is refused with a message that states the limit.');
    expect(decision?.diff).toContain('+    expected: It is refused with "At most 40 characters".');
    expect(decision?.diff).not.toMatch(/^[-+]kind:|^\+preconditions/m);
  });

  it('refuses an edit that changes the id or breaks the case, and writes nothing', async () => {
    const { drafts } = await findDraftCases(ws);
    const target = drafts[0]!;
    const yaml = caseToYaml(target.testCase);
    expect(() => caseFromYaml(yaml.replace(target.testCase.id, '3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b10'), target.testCase)).toThrow(
      /the id cannot change/,
    );
    expect(() => caseFromYaml(yaml.replace('kind: manual', 'kind: manul'), target.testCase)).toThrow(/kind/);
    expect(() => caseFromYaml(`${yaml}\n  bad: [`, target.testCase)).toThrow(/the edited case:\d+:\d+/);
    const before = await readFile(file, 'utf8');
    await expect(
      decideCase(ws, { file, caseId: target.testCase.id, decision: 'edited', edited: { ...target.testCase, title: '' } }),
    ).rejects.toThrow(/title/);
    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await listDecisions(ws)).decisions).toEqual([]);
  });
});
