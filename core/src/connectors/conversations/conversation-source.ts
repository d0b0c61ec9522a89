/**
 * The ConversationSource port: where logged conversations are read from. Three
 * adapters implement it (jsonl, duckdb, bigquery) with the same filter
 * semantics (see `filter.ts` and docs/conversations.md); the import task and the
 * apps only see this interface.
 */

export type ConversationSourceKind = 'bigquery' | 'jsonl' | 'duckdb';

export interface ConversationMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A logged conversation, as every ConversationSource returns it. */
export interface Conversation {
  id: string;
  model?: string | undefined;
  /** ISO-8601 (UTC, as `Date#toISOString` writes it). */
  timestamp?: string | undefined;
  messages: ConversationMessage[];
  metadata: Record<string, unknown>;
}

export interface ConversationFilter {
  /** Exact model name. */
  model?: string | undefined;
  /** Inclusive lower bound: an ISO date (`2026-01-31`, the start of that day, UTC) or date-time. */
  since?: string | undefined;
  /** Upper bound: a date (`2026-01-31` includes the whole day, UTC) or a date-time (inclusive). */
  until?: string | undefined;
  /** Case-insensitive substring of any message's content. */
  search?: string | undefined;
  /** Metadata equality, compared as text: `{ channel: 'web', rating: 5 }` matches `"rating": 5` and `"rating": "5"`. */
  metadata?: Record<string, string | number | boolean> | undefined;
  /**
   * A reproducible random sample of n conversations: those with the smallest
   * `md5("<seed>:<id>")`, in that order. Every engine computes the same hash, so
   * the same data gives the same sample in jsonl, duckdb and bigquery.
   */
  sample?: { n: number; seed: number } | undefined;
  /** At most this many rows (after the sample). */
  limit?: number | undefined;
  /** Resume after this position (the `cursor` of the last row an interrupted import handled). */
  cursor?: string | undefined;
}

/** A conversation with the position to resume after it. */
export interface ConversationRow {
  conversation?: Conversation | undefined;
  /**
   * Set when the row could not be read (invalid JSON, unknown role, empty
   * conversation...); the import reports it and goes on. `row` is 1-based:
   * the line of a JSONL file, the position in the result for SQL engines.
   */
  error?: { row: number; reason: string; conversationId?: string | undefined } | undefined;
  /** 1-based position of the row: the JSONL line, or the position in a SQL result. */
  row?: number | undefined;
  /** Opaque; pass it back as `filter.cursor` to continue after this row. */
  cursor: string;
}

export interface ConversationEstimate {
  /** Bytes the query would scan, where the engine can say (BigQuery dry run, file size for local files). */
  bytes?: number | undefined;
  /** Rows the filter matches, where known without running the query. */
  rows?: number | undefined;
}

export interface ConversationSource {
  readonly kind: ConversationSourceKind;
  /** What the source reads, for messages (`conversations.jsonl`, `project.dataset.table`). */
  readonly location: string;
  /** Conversations the filter matches, including the sample and limit, ignoring the cursor. */
  count(filter: ConversationFilter, signal?: AbortSignal): Promise<number>;
  estimate(filter: ConversationFilter, signal?: AbortSignal): Promise<ConversationEstimate>;
  /** Matching rows in a stable order, streamed (never all in memory), from `filter.cursor` on. */
  query(filter: ConversationFilter, signal?: AbortSignal): AsyncIterable<ConversationRow>;
  close?(): Promise<void>;
}
