/**
 * The `CaseIndex` port: search over a project's cases and stories by what they say. The
 * embedded adapter (`createMiniSearchIndex`, full-text BM25 with minisearch) serves one
 * workspace; an organisation-wide vector store can implement the same port later.
 */

/** A searchable document: a case, a story, or a case a reviewer decided on. */
export interface IndexedDoc {
  /** Unique in the index: a case id, or `story:<file>`. */
  id: string;
  type: 'case' | 'story';
  title: string;
  /** Everything else that is searched: steps, messages, requirements, criteria. */
  text: string;
  /** The file the document came from, relative to the workspace folder. */
  file: string;
  /** Cases: their status (draft / ready / deprecated). */
  status?: string | undefined;
  /** Cases: the criteria they cover. */
  covers?: string[] | undefined;
}

export interface SimilarHit {
  doc: IndexedDoc;
  /**
   * Relevance: higher is more similar. Full text: BM25, comparable within one query only;
   * vectors: the cosine similarity of the embeddings (-1..1, comparable across queries).
   */
  score: number;
}

export interface SimilarOptions {
  /** How many hits at most; default 10. */
  k?: number | undefined;
  /** Only documents this accepts. */
  filter?: ((doc: IndexedDoc) => boolean) | undefined;
}

export interface CaseIndex {
  readonly size: number;
  /** Adds documents (an id already present is replaced). */
  add(docs: readonly IndexedDoc[]): void;
  remove(ids: readonly string[]): void;
  /** The documents most similar to `text`, best first (full text). */
  similar(text: string, options?: SimilarOptions): SimilarHit[];
  /**
   * Vector similarity, for indexes that hold embeddings: the documents whose vectors have the
   * highest cosine with `vector`, best first; documents without a vector are left out.
   */
  similarByVector?(vector: ArrayLike<number>, options?: SimilarOptions): SimilarHit[];
  /** Gives a document its embedding (indexes with vector similarity); removing or replacing the document drops it. */
  setVector?(id: string, vector: ArrayLike<number>): void;
  /** How many documents have a vector. */
  readonly vectorCount?: number;
}
