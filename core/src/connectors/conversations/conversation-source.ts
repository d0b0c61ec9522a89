/** A logged conversation, as every ConversationSource returns it. */
export interface Conversation {
  id: string;
  model?: string | undefined;
  timestamp?: string | undefined;
  messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
  metadata: Record<string, unknown>;
}

export interface ConversationFilter {
  model?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  /** Full-text search in message contents (case-insensitive). */
  search?: string | undefined;
  /** Metadata equality, e.g. `{ channel: 'web' }`. */
  metadata?: Record<string, string | number | boolean> | undefined;
  /** A random sample of n conversations, reproducible with `seed`. */
  sample?: { n: number; seed: number } | undefined;
  limit?: number | undefined;
  /** Resume after this position (from an interrupted import). */
  cursor?: string | undefined;
}

/** A conversation with the position to resume after it. */
export interface ConversationRow {
  conversation?: Conversation | undefined;
  /** Set when the row could not be read; the import reports it and goes on. */
  error?: { row: number; reason: string } | undefined;
  cursor: string;
}

export interface ConversationSource {
  readonly kind: 'bigquery' | 'jsonl' | 'duckdb';
  count(filter: ConversationFilter, signal?: AbortSignal): Promise<number>;
  /** Bytes the query would scan, where the engine can say (BigQuery dry run). */
  estimate(filter: ConversationFilter, signal?: AbortSignal): Promise<{ bytes?: number | undefined; rows?: number | undefined }>;
  query(filter: ConversationFilter, signal?: AbortSignal): AsyncIterable<ConversationRow>;
  close?(): Promise<void>;
}
