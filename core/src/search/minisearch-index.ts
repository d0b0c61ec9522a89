import MiniSearch from 'minisearch';
import type { CaseIndex, IndexedDoc, SimilarHit, SimilarOptions } from './case-index.js';
import { indexTerm, indexWords, splitWords } from './index-terms.js';
import { dot, unitVector } from './vectors.js';

/** How many query terms a similarity search uses at most: the rarest ones say most about a case. */
const MAX_QUERY_TERMS = 6;
/** A term written more often than this per indexed document (on average) says little; left out of queries when rarer ones exist. */
const COMMON_TERM_RATE = 0.03;
/** Up to this many documents, queries keep all their terms. */
const SMALL_INDEX = 5_000;

/**
 * What is indexed of a document's field. The title is indexed once, in its own (boosted) field: a
 * text that starts with the title (a case's `caseText` does) is indexed from after it, so the
 * title's words are not posted twice per case. `file` and `status` repeat across documents: one
 * string each is kept for all of them.
 */
function fieldOf(interned: Map<string, string>) {
  const intern = (value: string) => {
    const known = interned.get(value);
    if (known !== undefined) return known;
    interned.set(value, value);
    return value;
  };
  return (doc: IndexedDoc, field: string): unknown => {
    if (field === 'text') return doc.text.startsWith(doc.title) ? doc.text.slice(doc.title.length) : doc.text;
    if (field === 'file') return intern(doc.file);
    if (field === 'status') return doc.status === undefined ? undefined : intern(doc.status);
    return doc[field as keyof IndexedDoc];
  };
}

function options(counts: Map<string, number>) {
  return {
    fields: ['title', 'text'],
    storeFields: ['type', 'title', 'file', 'status', 'covers'],
    extractField: fieldOf(new Map()),
    // Indexing and queries split words the same way (letters and digits of any script).
    tokenize: splitWords,
    // Counting terms while indexing costs nothing extra and lets a query keep its rare terms.
    processTerm: (term: string) => {
      const t = indexTerm(term);
      if (t) counts.set(t, (counts.get(t) ?? 0) + 1);
      return t;
    },
    // Query terms are index terms already (see `queryTerms`): stemming them again would turn
    // "setting" (from "settings") into "sett", which nothing is indexed under.
    searchOptions: { boost: { title: 2 }, combineWith: 'OR' as const, processTerm: (term: string) => term },
    autoVacuum: true,
  };
}

type Stored = Omit<IndexedDoc, 'text'>;

/** The embedded `CaseIndex`: minisearch (BM25 over title and text) in memory; `toJSON` / `loadMiniSearchIndex` persist it. */
export interface MiniSearchCaseIndex extends CaseIndex {
  toJSON(): unknown;
}

/**
 * The terms of a similarity query: at most `MAX_QUERY_TERMS`, the rarest first, without the
 * very common ones ("enter", "shown") unless nothing else is left. A criterion's rare words
 * find its cases; its common words only make the search scan most of the index.
 */
function queryTerms(text: string, counts: Map<string, number>, documents: number): string[] {
  const terms = [...indexWords(text)];
  const known = terms.filter((t) => counts.has(t)).sort((a, b) => counts.get(a)! - counts.get(b)!);
  const rare = known.filter((t) => counts.get(t)! <= Math.max(10, documents * COMMON_TERM_RATE));
  // A small index is searched with every term (cheap); a large one with its rarest terms only.
  const cap = documents < SMALL_INDEX ? Infinity : MAX_QUERY_TERMS;
  return (rare.length > 0 ? rare : known.slice(0, 2)).slice(0, cap);
}

function storedDoc(id: string, stored: Stored): IndexedDoc {
  return {
    id,
    type: stored.type,
    title: stored.title,
    text: '',
    file: stored.file,
    ...(stored.status ? { status: stored.status } : {}),
    ...(stored.covers ? { covers: stored.covers } : {}),
  };
}

function wrap(search: MiniSearch<IndexedDoc>, counts: Map<string, number>): MiniSearchCaseIndex {
  // Embeddings live beside the full-text index, in memory only: the workspace's embedding cache
  // (content hash -> vector) is what persists them.
  const vectors = new Map<string, Float32Array>();
  return {
    get size() {
      return search.documentCount;
    },
    get vectorCount() {
      return vectors.size;
    },
    add(docs) {
      for (const doc of docs) {
        vectors.delete(doc.id);
        if (search.has(doc.id)) search.discard(doc.id);
      }
      search.addAll(docs);
    },
    remove(ids) {
      for (const id of ids) {
        vectors.delete(id);
        if (search.has(id)) search.discard(id);
      }
    },
    setVector(id, vector) {
      if (search.has(id)) vectors.set(id, unitVector(vector));
    },
    similarByVector(vector, options: SimilarOptions = {}): SimilarHit[] {
      const k = options.k ?? 10;
      const query = unitVector(vector);
      const scored: Array<{ id: string; score: number }> = [];
      for (const [id, v] of vectors) scored.push({ id, score: dot(query, v) });
      scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
      const hits: SimilarHit[] = [];
      for (const { id, score } of scored) {
        const stored = search.getStoredFields(id) as Stored | undefined;
        if (!stored) continue;
        const doc = storedDoc(id, stored);
        if (options.filter && !options.filter(doc)) continue;
        hits.push({ doc, score: Math.round(score * 1000) / 1000 });
        if (hits.length >= k) break;
      }
      return hits;
    },
    similar(text: string, options: SimilarOptions = {}): SimilarHit[] {
      const k = options.k ?? 10;
      const terms = queryTerms(text, counts, search.documentCount);
      if (terms.length === 0) return [];
      const hits: SimilarHit[] = [];
      for (const result of search.search(terms.join(' '))) {
        const stored = result as unknown as Stored & { id: string; score: number };
        const doc = storedDoc(stored.id, stored);
        if (options.filter && !options.filter(doc)) continue;
        hits.push({ doc, score: result.score });
        if (hits.length >= k) break;
      }
      return hits;
    },
    toJSON: () => ({ minisearch: search.toJSON(), termCounts: Object.fromEntries(counts) }),
  };
}

/** A new, empty embedded index. */
export function createMiniSearchIndex(docs: readonly IndexedDoc[] = []): MiniSearchCaseIndex {
  const counts = new Map<string, number>();
  const index = wrap(new MiniSearch<IndexedDoc>(options(counts)), counts);
  index.add(docs);
  return index;
}

/**
 * An embedded index from what `toJSON` returned: the object itself (as read back from a JSON
 * file), so a saved index is parsed once, not serialised and parsed again.
 */
export function loadMiniSearchIndex(saved: unknown): MiniSearchCaseIndex {
  const { minisearch, termCounts } = saved as { minisearch: Parameters<typeof MiniSearch.loadJS>[0]; termCounts?: Record<string, number> };
  const counts = new Map(Object.entries(termCounts ?? {}));
  return wrap(MiniSearch.loadJS<IndexedDoc>(minisearch, options(counts)), counts);
}
