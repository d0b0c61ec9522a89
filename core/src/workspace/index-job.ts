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
import { digestOf, writeFileAtomic } from '../model/atomic-write.js';
import { parseCaseFile } from '../model/case-file.js';
import { checkCaseFileSize, findCaseFiles } from '../model/load.js';
import { decodeUtf8 } from '../model/text-file.js';
import type { CaseIndex, IndexedDoc, SimilarHit } from '../search/case-index.js';
import type { TestCaseInput } from '../model/case.js';
import { createMiniSearchIndex, loadMiniSearchIndex, type MiniSearchCaseIndex } from '../search/minisearch-index.js';
import { embeddingKey, workspaceEmbedder, type EmbeddingStats, type WorkspaceEmbedder } from './embeddings-job.js';
import { readStory } from './story-job.js';
import type { Workspace } from './workspace.js';

export const CASE_INDEX_FILE = '.casewright/index/cases.json';

/** The index file's version: an index written by another version is rebuilt (its terms were split differently). */
const STATE_VERSION = 2;

interface IndexState {
  v: typeof STATE_VERSION;
  /** Per indexed file (relative to the config folder, `/`-separated): its sha256 and the ids of its documents. */
  files: Record<string, { digest: string; ids: string[]; stories?: string[]; hashes?: string[] }>;
  index: unknown;
}

export interface CaseIndexUpdate {
  index: MiniSearchCaseIndex;
  /** Files read again because they are new or changed, and files removed from the index. */
  updated: string[];
  removed: string[];
  /** Files that could not be indexed (invalid case files, unreadable stories): skipped. */
  skipped: string[];
  /**
   * How similarity is computed: `embeddings` (cosine of the documents' vectors, the model named)
   * or `full-text` (BM25), with the reason there are no embeddings.
   */
  mode: { kind: 'embeddings'; model: string; stats: EmbeddingStats } | { kind: 'full-text'; reason: string };
  /** The embedder the index used (queries embed through it, sharing its cache and stats). */
  embedder?: WorkspaceEmbedder | undefined;
}

/** The text of a document that is embedded. */
export function embeddingText(doc: Pick<IndexedDoc, 'title' | 'text'>): string {
  return `${doc.title}\n${doc.text}`;
}

const rel = (ws: Workspace, file: string) => path.relative(ws.configDir, file).split(path.sep).join('/');

/** A case as the index holds it; `where` is its home (a case file relative to the workspace, a Jira issue). */
export function caseDoc(c: TestCaseInput, where: string): IndexedDoc {
  return { id: c.id.toLowerCase(), type: 'case', title: c.title, text: caseText(c), file: where, status: c.status, covers: c.covers };
}

/** The text of a story as it is searched: its title, description and criteria. */
export function storyText(story: Story): string {
  return [story.description, ...story.criteria.map((c) => c.text)].join(' \n ');
}

/** A file's bytes, or undefined when it does not exist (any other error is thrown, as the digest did). */
async function readBytes(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * `JSON.stringify(value)` in pieces: objects and arrays down to `depth` levels are given member
 * by member, so the text of a large index is never one string (nor built in one go).
 */
function* jsonPieces(value: unknown, depth: number): Generator<string> {
  const v =
    value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function'
      ? (value as { toJSON(): unknown }).toJSON()
      : value;
  if (depth === 0 || v === null || typeof v !== 'object') {
    yield JSON.stringify(v) ?? 'null';
    return;
  }
  if (Array.isArray(v)) {
    yield '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) yield ',';
      yield* jsonPieces(v[i], depth - 1);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const [key, member] of Object.entries(v)) {
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonPieces(member, depth - 1);
  }
  yield '}';
}

/** Small pieces gathered into chunks of about 1 MB (one write each). */
function* inPieces(pieces: Iterable<string>, size = 1 << 20): Generator<string> {
  let chunk = '';
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= size) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

async function loadState(file: string): Promise<IndexState | undefined> {
  try {
    const state = JSON.parse(await readFile(file, 'utf8')) as IndexState;
    return state.v === STATE_VERSION && state.files && state.index ? state : undefined;
  } catch {
    return undefined; // no index yet, or a broken one: rebuilt from the files
  }
}

/**
 * Brings the workspace's case index up to date with the case files under its folder and the
 * story files their cases name (`source.story`), and returns it. Writes the index only when
 * something changed.
 */
export async function updateCaseIndex(ws: Workspace, options: { signal?: AbortSignal | undefined } = {}): Promise<CaseIndexUpdate> {
  const stateFile = path.join(ws.configDir, CASE_INDEX_FILE);
  const state = await loadState(stateFile);
  const choice = await workspaceEmbedder(ws);
  const index = state ? loadMiniSearchIndex(state.index) : createMiniSearchIndex();
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
  /** Reads a file's documents from its bytes (read once: they give the digest too). */
  type Read = (bytes: Buffer) => Promise<{ docs: IndexedDoc[]; stories?: string[] } | undefined>;
  const readers = new Map<string, () => Promise<{ docs: IndexedDoc[] } | undefined>>();
  /** Texts to embed read in this update, by content hash. */
  const texts = new Map<string, string>();
  const keep = (docs: IndexedDoc[]) =>
    docs.map((d) => {
      const text = embeddingText(d);
      const hash = embeddingKey(text);
      texts.set(hash, text);
      return hash;
    });
  /** Re-reads `file` when its digest changed: its documents replace the old ones. */
  const refresh = async (key: string, file: string, read: Read) => {
    seen.add(key);
    readers.set(key, async () => {
      const bytes = await readBytes(file);
      return bytes && read(bytes);
    });
    let bytes = await readBytes(file);
    if (!bytes) return;
    const digest = digestOf(bytes);
    const before = files[key];
    if (before?.digest === digest) return;
    index.remove(before?.ids ?? []);
    delete files[key];
    const read_ = await read(bytes).catch(() => undefined);
    bytes = undefined; // the file's bytes and parse are garbage from here, before the next file is read
    if (!read_) {
      skipped.push(key);
      return;
    }
    index.add(read_.docs);
    files[key] = {
      digest,
      ids: read_.docs.map((d) => d.id),
      // Texts are hashed (and held until their vectors are attached) only for an embedding model.
      ...(choice.embedder ? { hashes: keep(read_.docs) } : {}),
      ...(read_.stories?.length ? { stories: read_.stories } : {}),
    };
    updated.push(key);
  };
  for (const file of caseFiles) {
    await refresh(rel(ws, file), file, async (bytes) => {
      // What loadCaseFile does, from the bytes already read: too large or not UTF-8 is skipped as before.
      checkCaseFileSize(bytes.length, ws.shown(file));
      const parsed = parseCaseFile(decodeUtf8(bytes, ws.shown(file)), ws.shown(file));
      if (!parsed.suite) return undefined;
      const stories = new Set<string>();
      for (const c of parsed.suite.cases)
        if (c.source.kind === 'generated' && c.source.story && !/^[A-Z][A-Z0-9_]+-[1-9]\d*$/.test(c.source.story))
          stories.add(rel(ws, path.resolve(ws.cwd, c.source.story)));
      const where = rel(ws, file);
      const docs = parsed.suite.cases.map((c) => caseDoc(c, where));
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
  let rewrite = updated.length > 0 || removed.length > 0 || !state;
  if (choice.embedder) rewrite = (await attachVectors(index, files, readers, texts, keep, choice.embedder, options.signal)) || rewrite;
  if (rewrite) {
    const next: IndexState = { v: STATE_VERSION, files, index: index.toJSON() };
    await writeFileAtomic(stateFile, inPieces(jsonPieces(next, 4)));
  }
  const mode: CaseIndexUpdate['mode'] = choice.embedder
    ? { kind: 'embeddings', model: choice.embedder.model, stats: choice.embedder.stats }
    : { kind: 'full-text', reason: choice.reason };
  return { index, updated, removed, skipped, mode, embedder: choice.embedder };
}

/**
 * Gives every indexed document its vector: from the embedding cache by content hash, the
 * texts not in it embedded through the router (files indexed before embeddings were configured
 * are read again for their texts). Returns true when the state changed (hashes recorded).
 */
async function attachVectors(
  index: MiniSearchCaseIndex,
  files: IndexState['files'],
  readers: Map<string, () => Promise<{ docs: IndexedDoc[] } | undefined>>,
  texts: Map<string, string>,
  keep: (docs: IndexedDoc[]) => string[],
  embedder: WorkspaceEmbedder,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  let changed = false;
  const known = await embedder.known();
  for (const [key, entry] of Object.entries(files)) {
    const lacking = !entry.hashes || entry.hashes.some((h) => !known.has(h) && !texts.has(h));
    if (!lacking) continue;
    // The texts of this file are needed again: its hashes are unknown or its vectors not cached.
    const read = await readers
      .get(key)?.()
      .catch(() => undefined);
    if (!read) continue;
    entry.hashes = keep(read.docs);
    changed = true;
  }
  const all = Object.values(files).flatMap((f) => (f.hashes ?? []).map((h, i) => ({ id: f.ids[i]!, hash: h })));
  const missing = [...new Set(all.map((a) => a.hash).filter((h) => !known.has(h)))];
  const vectors = await embedder.embed(
    missing.map((h) => texts.get(h) ?? ''),
    signal,
  );
  const byHash = new Map(missing.map((h, i) => [h, vectors[i]!]));
  for (const { id, hash } of all) {
    const v = byHash.get(hash) ?? known.get(hash);
    if (v) index.setVector?.(id, v);
  }
  return changed;
}

export interface SimilarForCriterion {
  criterion: { id: string; text: string };
  hits: SimilarHit[];
}

/**
 * Each criterion of `story` asked of `index`: the `k` most similar cases that are not
 * deprecated (nor `exclude`d); by cosine where the criterion has a query vector, else by text.
 */
function similarPerCriterion(
  index: CaseIndex,
  story: Story,
  k = 5,
  exclude?: ReadonlySet<string>,
  queries: ReadonlyArray<Float32Array | undefined> = [],
): SimilarForCriterion[] {
  const filter = (d: IndexedDoc) => d.type === 'case' && d.status !== 'deprecated' && !exclude?.has(d.id);
  return story.criteria.map((c, i) => {
    const query = queries[i];
    return {
      criterion: { id: c.id, text: c.text },
      hits: query && index.similarByVector ? index.similarByVector(query, { k, filter }) : index.similar(c.text, { k, filter }),
    };
  });
}

/**
 * Existing cases similar to each criterion of a story (deprecated cases left out), so a team
 * reuses a case instead of writing it again.
 */
export async function similarCases(
  ws: Workspace,
  options: { story: Story; k?: number | undefined; signal?: AbortSignal | undefined },
): Promise<{ criteria: SimilarForCriterion[]; update: CaseIndexUpdate }> {
  const update = await updateCaseIndex(ws, { signal: options.signal });
  const queries = update.embedder
    ? await update.embedder.embed(
        options.story.criteria.map((c) => c.text),
        options.signal,
      )
    : [];
  return { criteria: similarPerCriterion(update.index, options.story, options.k, undefined, queries), update };
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
  const index = createMiniSearchIndex(cases.map(({ testCase, where }) => caseDoc(testCase, where)));
  const exclude = new Set([...(options.exclude ?? [])].map((id) => id.toLowerCase()));
  return similarPerCriterion(index, story, options.k, exclude);
}
