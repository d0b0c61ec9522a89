// The workspace's case index (minisearch behind the CaseIndex port) over real case files and
// the stories they came from: similar cases per criterion, kept up to date by file digest.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openWorkspace, type Workspace } from '../../core/src/workspace/workspace.js';
import { readStory } from '../../core/src/workspace/story-job.js';
import { generateIntoCaseFile } from '../../core/src/workspace/generate-job.js';
import { decideCase, findDraftCases } from '../../core/src/workspace/review-job.js';
import { CASE_INDEX_FILE, similarAmongCases, similarCases, updateCaseIndex } from '../../core/src/workspace/index-job.js';
import { runCasewright } from '../helpers/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const stories = path.join(root, 'test/fixtures/stories/markdown');
let dir: string;
let ws: Workspace;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cw-index-'));
  for (const f of ['bold-headings.md', 'expiry-hours.md']) {
    await copyFile(path.join(stories, f), path.join(dir, f));
  }
  ws = await openWorkspace({ cwd: dir, env: {} });
  for (const f of ['bold-headings.md', 'expiry-hours.md'])
    await generateIntoCaseFile(ws, { story: await readStory(ws, { file: f }), storyFile: f, offline: true });
  await writeFile(
    path.join(dir, 'rename.md'),
    '# Rename a saved search\n\n## Acceptance criteria\n- A buyer can rename a saved search under "My searches".\n- Guests do not see the "Rename" button.\n',
  );
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the case index', () => {
  it('lists existing cases similar to each criterion of a new story, best first, without deprecated cases', async () => {
    const story = await readStory(ws, { file: 'rename.md' });
    const { criteria } = await similarCases(ws, { story, k: 2 });
    expect(criteria.map((c) => [c.criterion.id, c.hits.map((h) => h.doc.title)])).toEqual([
      [
        'AC-1',
        ['Saved searches are listed under "My searches" in the account menu', 'A logged-in buyer can save the current search with a name'],
      ],
      ['AC-2', ['Guests do not see the "Save search" button']],
    ]);
    const guests = (await findDraftCases(ws)).drafts.find((d) => d.testCase.title.startsWith('Guests'))!;
    await decideCase(ws, { file: guests.file, caseId: guests.testCase.id, decision: 'rejected', reason: 'duplicate' });
    const again = await similarCases(ws, { story, k: 2 });
    expect(again.criteria[1]!.hits.map((h) => h.doc.title)).not.toContain('Guests do not see the "Save search" button');
  });

  it("ranks cases given in memory (the Jira app: a project's saved cases) the same way, leaving out the ones asked to", async () => {
    const story = await readStory(ws, { file: 'rename.md' });
    const cases = (await findDraftCases(ws)).drafts.map((d, i) => ({ testCase: d.testCase, where: `SHOP-${i + 1}` }));
    const listed = similarAmongCases(cases, story, { k: 2 });
    const fromFiles = (await similarCases(ws, { story, k: 2 })).criteria;
    expect(listed.map((c) => c.hits.map((h) => h.doc.title))).toEqual(fromFiles.map((c) => c.hits.map((h) => h.doc.title)));
    const top = listed[0]!.hits[0]!;
    expect(top.doc.file).toMatch(/^SHOP-\d+$/);
    const without = similarAmongCases(cases, story, { k: 2, exclude: [top.doc.id.toUpperCase()] });
    expect(without[0]!.hits.map((h) => h.doc.id)).not.toContain(top.doc.id);
  });

  it('indexes the stories the cases came from, and re-reads only files whose digest changed', async () => {
    const first = await updateCaseIndex(ws);
    expect(first.updated.sort()).toEqual([
      'bold-headings.cases.yaml',
      'expiry-hours.cases.yaml',
      'story:bold-headings.md',
      'story:expiry-hours.md',
    ]);
    expect(first.index.similar('save the current search', { filter: (d) => d.type === 'story' }).map((h) => h.doc.id)).toEqual([
      'story:bold-headings.md',
    ]);
    expect((await updateCaseIndex(ws)).updated).toEqual([]);

    const file = path.join(dir, 'bold-headings.cases.yaml');
    await writeFile(
      file,
      (await readFile(file, 'utf8')).replace('Guests do not see the "Save search" button', 'Visitors never get a bookmark icon'),
    );
    const second = await updateCaseIndex(ws);
    expect(second.updated).toEqual(['bold-headings.cases.yaml']);
    expect(second.index.similar('bookmark icon visitors')[0]?.doc.title).toBe('Visitors never get a bookmark icon');
    expect(second.index.similar('Guests do not see the "Save search" button').map((h) => h.doc.title)).not.toContain(
      'Guests do not see the "Save search" button',
    );

    await rm(path.join(dir, 'expiry-hours.cases.yaml'));
    const third = await updateCaseIndex(ws);
    expect(third.removed.sort()).toEqual(['expiry-hours.cases.yaml', 'story:expiry-hours.md']);
    expect(third.index.similar('expires after 72 hours')).toEqual([]);
  });

  it('rebuilds a broken index file from the case files', async () => {
    const size = (await updateCaseIndex(ws)).index.size;
    await writeFile(path.join(dir, CASE_INDEX_FILE), '{"v":1,"files":{');
    const rebuilt = await updateCaseIndex(ws);
    expect(rebuilt.index.size).toBe(size);
    expect(rebuilt.updated).toHaveLength(4);
  });

  it('reports and skips a broken case file (bad YAML, wrong schema, duplicate ids, not UTF-8) and indexes it once it is fixed', async () => {
    const good = await readFile(path.join(dir, 'bold-headings.cases.yaml'), 'utf8');
    const dup = good.replace(/^suite: .*$/m, 'suite: copied').replace(/^(\s*- id: )(\S+)$/gm, '$1same-id');
    const broken: Record<string, string | Buffer> = {
      'syntax.cases.yaml': 'suite: s\ncases:\n  - id: a\n    title: "unterminated\n',
      'schema.cases.yaml': 'suite: s\ncases:\n  - id: a\n    titel: misspelt\n    kind: manual\n',
      'dup.cases.yaml': dup,
      'latin1.cases.yaml': Buffer.from(good.replace('Saved searches', 'Saved searches caf\u00e9'), 'latin1'),
    };
    for (const [name, text] of Object.entries(broken)) await writeFile(path.join(dir, name), text);
    const first = await updateCaseIndex(ws);
    expect(first.skipped.sort()).toEqual(Object.keys(broken).sort());
    expect(first.updated.sort()).toEqual([
      'bold-headings.cases.yaml',
      'expiry-hours.cases.yaml',
      'story:bold-headings.md',
      'story:expiry-hours.md',
    ]);
    expect(first.index.size).toBe(12);
    // Unchanged, a broken file is reported again (it has no digest in the index to skip it by).
    expect((await updateCaseIndex(ws)).skipped.sort()).toEqual(Object.keys(broken).sort());
    await writeFile(
      path.join(dir, 'schema.cases.yaml'),
      [
        'suite: s',
        'cases:',
        '  - id: 3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b10',
        '    title: Fixed now',
        '    kind: manual',
        '    steps:',
        '      - action: Open the page',
        '        expected: Fixed now is shown',
        '',
      ].join('\n'),
    );
    const fixed = await updateCaseIndex(ws);
    expect(fixed.updated).toEqual(['schema.cases.yaml']);
    expect(fixed.skipped).not.toContain('schema.cases.yaml');
    expect(fixed.index.similar('Fixed now').map((h) => h.doc.file)).toEqual(['schema.cases.yaml']);
  });

  it('casewright similar prints the similar cases per criterion', async () => {
    const run = await runCasewright(['similar', '--story', 'rename.md', '--k', '1'], { cwd: dir });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('AC-1  A buyer can rename a saved search under "My searches".');
    expect(lines[1]).toMatch(
      /^ +\d+\.\d {2}Saved searches are listed under "My searches" in the account menu {2}\[draft\] bold-headings\.cases\.yaml [0-9a-f-]{36}$/,
    );
    expect(lines[2]).toBe('AC-2  Guests do not see the "Rename" button.');
    expect(run.stderr).toContain('index: 12 documents; 4 files (re)indexed, 0 removed');
  });
});
