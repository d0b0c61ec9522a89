/**
 * The workspace's case index: every case file under the workspace folder (and the story
 * files their cases were generated from) in an embedded full-text index kept in
 * `.casewright/index/cases.json`. Updated incrementally: a file whose sha256 did not change
 * is not read again; a changed file's documents are replaced; a deleted file's removed.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { caseText } from '../generate/dedupe.js';
import type { Story } from '../generate/story/story.js';
import { fileDigest, writeFileAtomic } from '../model/atomic-write.js';
import { findCaseFiles, loadCaseFile } from '../model/load.js';
import type { CaseIndex, IndexedDoc, SimilarHit } from '../search/case-index.js';
import type { TestCaseInput } from '../model/case.js';
import { createMiniSearchIndex, loadMiniSearchIndex, type MiniSearchCaseIndex } from '../search/minisearch-index.js';
import { readStory } from './story-job.js';
import type { Workspace } from './workspace.js';

export const CASE_INDEX_FILE = '.casewright/index/cases.json';

interface IndexState {
  v: 1;
  /** Per indexed file (relative to the config folder, `/`-separated): its sha256 and the ids of its documents. */
  files: Record<string, { digest: string; ids: string[]; stories?: string[] }>;
  index: unknown;
}

export interface CaseIndexUpdate {
  index: MiniSearchCaseIndex;
  /** Files read again because they are new or changed, and files removed from the index. */
  updated: string[];
  removed: string[];
  /** Files that could not be indexed (invalid case files, unreadable stories): skipped. */
  skipped: string[];
}

const rel = (ws: Workspace, file: string) => path.relative(ws.configDir, file).split(path.sep).join('/');

/** The text of a story as it is searched: its title, description and criteria. */
export function storyText(story: Story): string {
  return [story.description, ...story.criteria.map((c) => c.text)].join(' \n ');
}

async function loadState(file: string): Promise<IndexState | undefined> {
  try {
    const state = JSON.parse(await readFile(file, 'utf8')) as IndexState;
    return state.v === 1 && state.files && state.index ? state : undefined;
  } catch {
    return undefined; // no index yet, or a broken one: rebuilt from the files
  }
}

/**
 * Brings the workspace's case index up to date with the case files under its folder and the
 * story files their cases name (`source.story`), and returns it. Writes the index only when
 * something changed.
 */
export async function updateCaseIndex(ws: Workspace): Promise<CaseIndexUpdate> {
  const stateFile = path.join(ws.configDir, CASE_INDEX_FILE);
  const state = await loadState(stateFile);
  const index = state ? loadMiniSearchIndex(JSON.stringify(state.index)) : createMiniSearchIndex();
  const files: IndexState['files'] = state?.files ?? {};
  const updated: string[] = [];
  const skipped: string[] = [];
  let caseFiles: string[] = [];
  try {
    caseFiles = await findCaseFiles([ws.configDir], ws.configDir);
  } catch {
    caseFiles = []; // a folder without case files
  }
  const seen = new Set<string>();
  /** Re-reads `file` when its digest changed: its documents replace the old ones. */
  const refresh = async (key: string, file: string, read: () => Promise<{ docs: IndexedDoc[]; stories?: string[] } | undefined>) => {
    seen.add(key);
    const digest = await fileDigest(file);
    const before = files[key];
    if (!digest || before?.digest === digest) return;
    index.remove(before?.ids ?? []);
    delete files[key];
    const read_ = await read().catch(() => undefined);
    if (!read_) {
      skipped.push(key);
      return;
    }
    index.add(read_.docs);
    files[key] = { digest, ids: read_.docs.map((d) => d.id), ...(read_.stories?.length ? { stories: read_.stories } : {}) };
    updated.push(key);
  };
  for (const file of caseFiles) {
    await refresh(rel(ws, file), file, async () => {
      const parsed = await loadCaseFile(file, ws.shown(file));
      if (!parsed.suite) return undefined;
      const stories = new Set<string>();
      for (const c of parsed.suite.cases)
        if (c.source.kind === 'generated' && c.source.story && !/^[A-Z][A-Z0-9_]+-[1-9]\d*$/.test(c.source.story))
          stories.add(rel(ws, path.resolve(ws.cwd, c.source.story)));
      const docs = parsed.suite.cases.map((c) => ({
        id: c.id.toLowerCase(),
        type: 'case' as const,
        title: c.title,
        text: caseText(c),
        file: rel(ws, file),
        status: c.status,
        covers: c.covers,
      }));
      return { docs, stories: [...stories] };
    });
  }
  // The stories the cases were generated from (`source.story` files) are indexed too.
  const stories = new Set(Object.entries(files).flatMap(([key, f]) => (seen.has(key) ? (f.stories ?? []) : [])));
  for (const story of stories) {
    const file = path.resolve(ws.configDir, story);
    const id = `story:${story}`;
    await refresh(id, file, async () => {
      const read = await readStory(ws, { file });
      return { docs: [{ id, type: 'story', title: read.title, text: storyText(read), file: story }] };
    });
  }
  const removed = Object.keys(files).filter((key) => !seen.has(key));
  for (const key of removed) {
    index.remove(files[key]?.ids ?? []);
    delete files[key];
  }
  if (updated.length > 0 || removed.length > 0 || !state) {
    const next: IndexState = { v: 1, files, index: index.toJSON() };
    await writeFileAtomic(stateFile, JSON.stringify(next));
  }
  return { index, updated, removed, skipped };
}

export interface SimilarForCriterion {
  criterion: { id: string; text: string };
  hits: SimilarHit[];
}

/** Each criterion of `story` asked of `index`: the `k` most similar cases that are not deprecated (nor `exclude`d). */
function similarPerCriterion(index: CaseIndex, story: Story, k = 5, exclude?: ReadonlySet<string>): SimilarForCriterion[] {
  return story.criteria.map((c) => ({
    criterion: { id: c.id, text: c.text },
    hits: index.similar(c.text, {
      k,
      filter: (d) => d.type === 'case' && d.status !== 'deprecated' && !exclude?.has(d.id),
    }),
  }));
}

/**
 * Existing cases similar to each criterion of a story (deprecated cases left out), so a team
 * reuses a case instead of writing it again.
 */
export async function similarCases(
  ws: Workspace,
  options: { story: Story; k?: number | undefined },
): Promise<{ criteria: SimilarForCriterion[]; update: CaseIndexUpdate }> {
  const update = await updateCaseIndex(ws);
  return { criteria: similarPerCriterion(update.index, options.story, options.k), update };
}

/**
 * Cases similar to each criterion of a story among cases that are not in a workspace (the
 * Jira app's: a project's synced cases), through an embedded index built for the call.
 * `where` names each case's home (its Jira issue, a file); cases with ids in `exclude`
 * (the story's own) are left out.
 */
export function similarAmongCases(
  cases: readonly { testCase: TestCaseInput; where: string }[],
  story: Story,
  options: { k?: number | undefined; exclude?: Iterable<string> | undefined } = {},
): SimilarForCriterion[] {
  const index = createMiniSearchIndex(
    cases.map(({ testCase: c, where }) => ({
      id: c.id.toLowerCase(),
      type: 'case' as const,
      title: c.title,
      text: caseText(c),
      file: where,
      status: c.status,
      covers: c.covers,
    })),
  );
  const exclude = new Set([...(options.exclude ?? [])].map((id) => id.toLowerCase()));
  return similarPerCriterion(index, story, options.k, exclude);
}
