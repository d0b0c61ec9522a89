import type { CaseIndex, IndexedDoc, SimilarHit, SimilarOptions } from './case-index.js';
import { indexWords } from './index-terms.js';

/**
 * A `CaseIndex` that compares the query with every document (Dice similarity of their word
 * sets). No dependency and nothing to build: right for a few hundred documents (the cases
 * of a decisions log); the benchmark's baseline for the full-text index.
 */
export function createScanIndex(docs: readonly IndexedDoc[] = []): CaseIndex {
  const entries = new Map<string, { doc: IndexedDoc; words: Set<string> }>();
  const index: CaseIndex = {
    get size() {
      return entries.size;
    },
    add(added) {
      for (const doc of added) entries.set(doc.id, { doc, words: indexWords(`${doc.title} ${doc.text}`) });
    },
    remove(ids) {
      for (const id of ids) entries.delete(id);
    },
    similar(text: string, options: SimilarOptions = {}): SimilarHit[] {
      const query = indexWords(text);
      const hits: SimilarHit[] = [];
      for (const { doc, words } of entries.values()) {
        if (options.filter && !options.filter(doc)) continue;
        let common = 0;
        for (const w of query) if (words.has(w)) common++;
        if (common > 0) hits.push({ doc, score: (2 * common) / (query.size + words.size) });
      }
      return hits.sort((a, b) => b.score - a.score || a.doc.id.localeCompare(b.doc.id)).slice(0, options.k ?? 10);
    },
  };
  index.add(docs);
  return index;
}
