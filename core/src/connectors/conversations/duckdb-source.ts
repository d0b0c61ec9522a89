import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../errors/usage-error.js';
import type { ConversationFilter, ConversationRow, ConversationSource } from './conversation-source.js';
import { decodeCursor, encodeCursor, isKeysetCursor, resolveFilter, rowCap, type KeysetCursor, type ResolvedFilter } from './filter.js';
import { normalizeRow } from './normalize.js';

// Type-only: the native module itself is loaded with a dynamic import on first use.
import type { DuckDBConnection as Connection, DuckDBInstance } from '@duckdb/node-api';

type Instance = DuckDBInstance;
type DuckDb = { DuckDBInstance: typeof DuckDBInstance };
type Params = Record<string, string | number | boolean>;

export interface DuckDbSourceOptions {
  /** A JSONL (`.jsonl`, `.ndjson`, `.json`), Parquet or CSV export with columns id, model, timestamp, messages, metadata. */
  file: string;
  displayName?: string | undefined;
  /** Rows fetched per chunk while streaming (DuckDB's vector size is 2048). */
  threads?: number | undefined;
}

/** A JSON column's text as its value (so a JSON string holding broken JSON is reported as such), or the text itself. */
function jsonOrText(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The table function reading the file; the path is always the named parameter `$path`. */
function reader(file: string): string {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.parquet') return 'read_parquet($path)';
  if (ext === '.csv') return 'read_csv($path, header = true, all_varchar = true)';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') {
    // Explicit columns keep messages/metadata as JSON whatever their shape; a broken line becomes an all-NULL row.
    return "read_json($path, format = 'newline_delimited', ignore_errors = true, columns = {id: 'VARCHAR', model: 'VARCHAR', timestamp: 'VARCHAR', messages: 'JSON', metadata: 'JSON'})";
  }
  throw new UsageError(`duckdb: cannot read ${path.basename(file)}: use a .jsonl, .ndjson, .json, .parquet or .csv file`);
}

interface Expressions {
  /** Messages as JSON text of `[{role, content}]`. */
  messagesJson: string;
  metadataJson: string;
  ts: string;
  /** True when the column is a list of structs: search and checks run on it directly, without JSON. */
  record: boolean;
}

/** SQL expressions over the raw columns, chosen once from the column types the file has. */
function expressions(types: Map<string, string>): Expressions {
  const messagesType = types.get('messages') ?? 'VARCHAR';
  const record = /^STRUCT|\[\]$/.test(messagesType);
  // Messages as a list of structs (Parquet, a BigQuery RECORD export) or as JSON (text, or JSON text inside a JSON string).
  const fromJson = (column: string): string =>
    `CASE WHEN starts_with(ltrim(CAST(${column} AS VARCHAR)), '"') THEN TRY_CAST(TRY_CAST(${column} AS JSON) ->> '$' AS JSON) ELSE TRY_CAST(${column} AS JSON) END`;
  const messagesJson = record ? 'to_json(messages)' : fromJson('messages');
  const metadataType = types.get('metadata');
  const metadataJson = !metadataType ? "'{}'::JSON" : /^(STRUCT|MAP)/.test(metadataType) ? 'to_json(metadata)' : fromJson('metadata');
  const ts = types.has('timestamp') ? 'TRY_CAST("timestamp" AS TIMESTAMPTZ)' : 'NULL::TIMESTAMPTZ';
  return { messagesJson, metadataJson, ts, record };
}

/** Regex metacharacters escaped: the search is a literal, matched case-insensitively by RE2. */
const literalPattern = (text: string): string => text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');

/**
 * Text that appears verbatim in the raw JSON of any message containing it, so
 * a cheap match on the raw column can rule rows out before the exact check:
 * printable ASCII that no JSON writer escapes (no quote, backslash or slash).
 */
const SAFE_FOR_RAW = /^[\x20-\x7e]+$/;
const rawPrefilter = (text: string): boolean => SAFE_FOR_RAW.test(text) && !/["\\/]/.test(text);

/**
 * A DuckDB-backed source: SQL over a JSONL, Parquet or CSV export, with the
 * same filter semantics as the JSONL and BigQuery sources. `@duckdb/node-api`
 * is loaded on first use (it is native and large; the extension bundle never
 * carries it). Every value from the user is a named parameter; no extension is
 * ever installed (json is built in; search is a case-insensitive RE2 match of the
 * literal text, not fts).
 * Rows come in id order; a sample in sample order.
 */
export function createDuckDbSource(options: DuckDbSourceOptions): ConversationSource {
  const { file } = options;
  const location = options.displayName ?? file;
  let opened: Promise<{ instance: Instance; connection: Connection; base: string }> | undefined;
  let record = false;

  async function open(): Promise<{ instance: Instance; connection: Connection; base: string }> {
    const table = reader(file);
    try {
      if (!(await stat(file)).isFile()) throw new UsageError(`${location}: not a file`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${location}: no such file`);
      throw error;
    }
    let duckdb: DuckDb;
    try {
      duckdb = await import('@duckdb/node-api');
    } catch (error) {
      throw new UsageError(`duckdb: @duckdb/node-api is not installed (npm install @duckdb/node-api): ${(error as Error).message}`);
    }
    const instance = await duckdb.DuckDBInstance.create(':memory:', {
      // Never reach the network for extensions: json is built in and nothing else is used.
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      ...(options.threads ? { threads: String(options.threads) } : {}),
    });
    const connection = await instance.connect();
    const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${table}`, { path: file });
    const types = new Map(described.getRowObjectsJson().map((row) => [String(row.column_name), String(row.column_type)]));
    for (const required of ['id', 'messages']) {
      if (!types.has(required)) throw new UsageError(`${location}: no '${required}' column (found ${[...types.keys()].join(', ')})`);
    }
    const e = expressions(types);
    const model = types.has('model') ? 'CAST(model AS VARCHAR)' : 'NULL::VARCHAR';
    const tsRaw = types.has('timestamp') ? 'CAST("timestamp" AS VARCHAR)' : 'NULL::VARCHAR';
    const roles = e.record ? 'list_transform(msgs_list, m -> m.role)' : "json_extract_string(msgs, '$[*].role')";
    const empty = e.record ? 'len(msgs_list) = 0' : "NOT starts_with(ltrim(CAST(msgs AS VARCHAR)), '[') OR json_array_length(msgs) = 0";
    const base = `WITH raw AS (SELECT * FROM ${table}),
src AS (
  SELECT CAST(id AS VARCHAR) AS id, ${model} AS model, ${e.ts} AS ts, ${tsRaw} AS ts_raw,
         ${e.messagesJson} AS msgs, ${e.record ? 'messages' : 'NULL'} AS msgs_list, CAST(messages AS VARCHAR) AS msgs_raw, ${e.metadataJson} AS meta
  FROM raw
),
flagged AS (
  SELECT *, (
    id IS NULL OR msgs IS NULL OR ${empty}
    OR len(list_filter(${roles}, r -> r IS NULL OR r NOT IN ('system', 'user', 'assistant'))) > 0
    OR (ts IS NULL AND coalesce(ts_raw, '') <> '')
  ) AS bad
  FROM src
)`;
    record = e.record;
    return { instance, connection, base };
  }

  const connect = (): Promise<{ instance: Instance; connection: Connection; base: string }> => (opened ??= open());

  /** The WHERE clause and its named parameters for the filter (never the user's text in the SQL). */
  function where(filter: ResolvedFilter): { sql: string; params: Params } {
    const clauses: string[] = [];
    const params: Params = {};
    if (filter.model !== undefined) {
      clauses.push('model = $model');
      params.model = filter.model;
    }
    if (filter.since !== undefined) {
      clauses.push('ts >= CAST($since AS TIMESTAMPTZ)');
      params.since = filter.since;
    }
    if (filter.until !== undefined) {
      clauses.push(`ts ${filter.untilInclusive ? '<=' : '<'} CAST($until AS TIMESTAMPTZ)`);
      params.until = filter.until;
    }
    filter.metadata.forEach(([key, value], i) => {
      clauses.push(`json_extract_string(meta, $mkey${i}) = $mval${i}`);
      params[`mkey${i}`] = `$.${JSON.stringify(key)}`;
      params[`mval${i}`] = value;
    });
    if (filter.search !== undefined) {
      // A cheap match on the raw text first (DuckDB evaluates AND terms in turn, on the rows still selected).
      if (!record && rawPrefilter(filter.search)) clauses.push("regexp_matches(msgs_raw, $search, 'i')");
      const contents = record ? 'list_transform(msgs_list, m -> m.content)' : "json_extract_string(msgs, '$[*].content')";
      clauses.push(`list_bool_or(list_transform(${contents}, x -> regexp_matches(x, $search, 'i')))`);
      params.search = literalPattern(filter.search);
    }
    // Bad rows last: they are reported separately and the check is the dearest.
    clauses.push('NOT bad');
    return { sql: clauses.join(' AND '), params };
  }

  /** The ordered, capped selection: id order, or sample order (`md5(seed:id)`, then id). */
  function selection(filter: ResolvedFilter): { sql: string; params: Params } {
    const w = where(filter);
    const key = filter.sample ? "md5(CAST($seed AS VARCHAR) || ':' || id)" : 'id';
    const params: Params = { ...w.params, ...(filter.sample ? { seed: filter.sample.seed } : {}) };
    const cap = rowCap(filter);
    if (cap !== undefined) params.cap = cap;
    return {
      sql: `SELECT *, ${key} AS sort_key FROM flagged WHERE ${w.sql} ORDER BY sort_key, id${cap !== undefined ? ' LIMIT $cap' : ''}`,
      params,
    };
  }

  return {
    kind: 'duckdb',
    location,
    async count(filter, signal) {
      const resolved = resolveFilter({ ...filter, cursor: undefined });
      const { connection, base } = await connect();
      signal?.throwIfAborted();
      const s = selection(resolved);
      const result = await connection.runAndReadAll(`${base}\nSELECT count(*) AS n FROM (${s.sql})`, { path: file, ...s.params });
      return Number(result.getRowObjectsJson()[0]?.n ?? 0);
    },
    async estimate() {
      // DuckDB reads the whole file whatever the filter: its size is what is scanned.
      try {
        return { bytes: (await stat(file)).size };
      } catch {
        throw new UsageError(`${location}: no such file`);
      }
    },
    query(filter: ConversationFilter, signal?: AbortSignal): AsyncIterable<ConversationRow> {
      const resolved = resolveFilter(filter);
      const cursor = filter.cursor ? decodeCursor<KeysetCursor>(filter.cursor, isKeysetCursor) : undefined;
      return {
        async *[Symbol.asyncIterator]() {
          const { connection, base } = await connect();
          const onAbort = (): void => connection.interrupt();
          signal?.addEventListener('abort', onAbort, { once: true });
          try {
            if (!cursor) {
              // Bad rows (unreadable, invalid messages, unknown roles, empty, bad timestamp) are reported once,
              // whatever the filter, and never count toward the sample or limit — as in the JSONL source.
              // A parallel count first; the (single-threaded) row numbering only runs when there is something to report.
              const flagged = await connection.runAndReadAll(`${base}\nSELECT count(*) AS n FROM flagged WHERE bad`, { path: file });
              const badRows = Number(flagged.getRowObjectsJson()[0]?.n ?? 0);
              const bad =
                badRows === 0
                  ? []
                  : (
                      await connection.runAndReadAll(
                        `${base}\nSELECT rn, id, msgs_raw, ts_raw FROM (SELECT id, msgs_raw, ts_raw, bad, row_number() OVER () AS rn FROM flagged) WHERE bad ORDER BY rn`,
                        { path: file },
                      )
                    ).getRowObjectsJson();
              for (const row of bad) {
                const id = row.id === null ? undefined : String(row.id);
                const normalized =
                  id === undefined
                    ? { reason: "invalid JSON or no 'id'" }
                    : normalizeRow({ id, messages: jsonOrText(row.msgs_raw), timestamp: row.ts_raw });
                const reason = 'reason' in normalized ? normalized.reason : 'messages could not be read';
                yield { error: { row: Number(row.rn), reason, conversationId: id }, cursor: encodeCursor({ key: '', id: '', n: 0 }) };
              }
            }
            const s = selection(resolved);
            let n = cursor?.n ?? 0;
            const params: Params = { path: file, ...s.params };
            let sql = `${base}\nSELECT id, model, epoch_ms(ts) AS ts_ms, ts_raw, CAST(msgs AS VARCHAR) AS msgs, CAST(meta AS VARCHAR) AS meta, sort_key FROM (${s.sql}) AS picked`;
            if (cursor && cursor.id !== '') {
              sql += ' WHERE sort_key > $after_key OR (sort_key = $after_key AND id > $after_id)';
              params.after_key = cursor.key;
              params.after_id = cursor.id;
            }
            sql += ' ORDER BY sort_key, id';
            const result = await connection.stream(sql, params);
            for await (const rows of result.yieldRowObjectJson()) {
              for (const row of rows) {
                signal?.throwIfAborted();
                n++;
                const id = String(row.id);
                const next = encodeCursor({ key: String(row.sort_key), id, n } satisfies KeysetCursor);
                const normalized = normalizeRow({
                  id,
                  model: row.model,
                  timestamp: row.ts_ms === null ? row.ts_raw : Number(row.ts_ms),
                  messages: row.msgs,
                  metadata: row.meta,
                });
                if ('conversation' in normalized) yield { conversation: normalized.conversation, row: n, cursor: next };
                else yield { error: { row: n, reason: normalized.reason, conversationId: id }, cursor: next };
              }
            }
          } finally {
            signal?.removeEventListener('abort', onAbort);
          }
        },
      };
    },
    async close() {
      if (!opened) return;
      const { instance, connection } = await opened.catch(() => ({ instance: undefined, connection: undefined }));
      connection?.closeSync();
      instance?.closeSync();
      opened = undefined;
    },
  };
}
