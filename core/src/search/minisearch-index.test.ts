// The embedded case index as a reader of `casewright similar` relies on it: words are found
// whatever form the criterion writes them in, and a saved index answers as the one it was saved from.
import { describe, expect, it } from 'vitest';
import type { IndexedDoc } from './case-index.js';
import { createMiniSearchIndex, loadMiniSearchIndex } from './minisearch-index.js';

const doc = (id: string, title: string, text = title): IndexedDoc => ({
  id,
  type: 'case',
  title,
  text,
  file: 'shop.cases.yaml',
  status: 'ready',
});

const docs = [
  doc('a', 'Notification settings are kept after logging out', 'Notification settings are kept after logging out \n Log out and in again'),
  doc('b', 'Vouchers up to €50 are accepted at checkout'),
  doc('c', 'A guest sees the sign-in button'),
];

describe('the embedded case index', () => {
  it('finds a case by a word whose index form would stem again ("settings" → "setting", not "sett")', () => {
    const index = createMiniSearchIndex(docs);
    expect(index.similar('The user changes their settings').map((h) => h.doc.id)).toEqual(['a']);
  });

  it('splits words the same way for cases and criteria: "€50" is found by "50"', () => {
    const index = createMiniSearchIndex(docs);
    expect(index.similar('A buyer pays 50 with a voucher').map((h) => h.doc.id)).toEqual(['b']);
    expect(index.similar('Pay 50').map((h) => h.doc.id)).toEqual(['b']);
  });

  it('returns what a case is (title, file, status), best first, and k at most', () => {
    const index = createMiniSearchIndex([...docs, doc('d', 'A guest sees the basket button'), doc('e', 'A guest sees prices')]);
    const hits = index.similar('a guest sees a button', { k: 2 });
    // BM25: the shorter title says more per word ("sign-in" is two words).
    expect(hits.map((h) => h.doc)).toEqual([
      { id: 'd', type: 'case', title: 'A guest sees the basket button', text: '', file: 'shop.cases.yaml', status: 'ready' },
      { id: 'c', type: 'case', title: 'A guest sees the sign-in button', text: '', file: 'shop.cases.yaml', status: 'ready' },
    ]);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
  });

  it('answers the same after being saved as JSON and loaded again', () => {
    const index = createMiniSearchIndex(docs);
    const loaded = loadMiniSearchIndex(JSON.parse(JSON.stringify(index.toJSON())));
    for (const query of ['settings after logout', 'Pay 50', 'guest button']) expect(loaded.similar(query)).toEqual(index.similar(query));
    expect(loaded.size).toBe(3);
  });
});
