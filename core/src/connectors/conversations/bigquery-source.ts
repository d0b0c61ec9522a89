import { ConnectorError } from '../../errors/connector-error.js';
import { UsageError } from '../../errors/usage-error.js';
import { ConversationColumnsSchema, type ConversationColumns } from '../../config/conversations-config.js';
import type { ConversationFilter, ConversationRow, ConversationSource } from './conversation-source.js';
import { countSql, parseTableRef, rowsSql, type BigQueryParam, type BigQuerySql, type BigQueryTableRef } from './bigquery-sql.js';
import { decodeCursor, encodeCursor, isKeysetCursor, resolveFilter, type KeysetCursor } from './filter.js';
import { normalizeRow } from './normalize.js';

// Type-only: the SDK itself is loaded with a dynamic import on first use.
import type { BigQuery as BigQueryClient, BigQueryOptions, Job } from '@google-cloud/bigquery';
import { formatBytes } from '../../util/format-bytes.js';

type BigQueryModule = { BigQuery: typeof BigQueryClient };

export interface BigQuerySourceOptions {
  /** `project.dataset.table`. */
  table: string;
  /** The project that runs the jobs; default: the table's project. */
  projectId?: string | undefined;
  location?: string | undefined;
  columns?: Partial<ConversationColumns> | undefined;
  messagesFormat?: 'json' | 'record' | undefined;
  /** The cost guard: refuse (dry run) and cap (BigQuery) queries scanning more bytes than this. */
  maximumBytesBilled?: number | string | undefined;
  /** Service-account key file; without it, Application Default Credentials. */
  keyFile?: string | undefined;
  /** API root, e.g. a local test server; default https://bigquery.googleapis.com. */
  apiEndpoint?: string | undefined;
  /** An auth client (google-auth-library `AuthClient` or `GoogleAuth`), for tests and apps that own auth. */
  authClient?: BigQueryOptions['authClient'] | undefined;
  /** Rows per page (`maxResults`); default 500. */
  pageSize?: number | undefined;
}

interface ApiErrorLike {
  code?: number | string;
  message?: string;
  errors?: { reason?: string; message?: string }[];
}

/** The client's ApiError (or an auth failure) as a ConnectorError that says what to do. */
export function bigQueryError(error: unknown, table: string, location: string | undefined): ConnectorError {
  const e = (error ?? {}) as ApiErrorLike;
  const status = typeof e.code === 'number' ? e.code : undefined;
  const reason = e.errors?.[0]?.reason;
  const detail = (e.errors?.[0]?.message ?? e.message ?? String(error)).slice(0, 300);
  const tag = [status, reason].filter(Boolean).join(' ');
  const said = tag ? `${tag}: ${detail}` : detail;
  const fail = (message: string): ConnectorError => new ConnectorError('bigquery', message, { status, reason, cause: error });
  if (status === 404 || reason === 'notFound') {
    return fail(
      `BigQuery: ${table} was not found (${said}). Check the table name (project.dataset.table) and the dataset location${location ? ` (${location})` : ''}.`,
    );
  }
  if (status === 429 || reason === 'quotaExceeded' || reason === 'rateLimitExceeded') {
    return fail(`BigQuery: quota exhausted (${said}). Wait and run the import again: it continues where it stopped.`);
  }
  if (reason === 'bytesBilledLimitExceeded') {
    return fail(
      `BigQuery: the query would bill more than maximumBytesBilled allows (${said}). Narrow the filter (--since/--until, --model) or raise conversations.bigquery.maximumBytesBilled.`,
    );
  }
  if (status === 403 || reason === 'accessDenied') {
    return fail(
      `BigQuery: permission denied on ${table} (${said}). The account needs BigQuery Job User on the project and BigQuery Data Viewer on the dataset.`,
    );
  }
  if (status === 401 || /default credentials|invalid_grant|unauthorized/i.test(detail)) {
    return fail(
      `BigQuery: not authenticated (${said}). Run \`gcloud auth application-default login\` or set conversations.bigquery.keyFile to a service-account key file.`,
    );
  }
  return fail(`BigQuery request failed (${said}).`);
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason as Error);
      },
      { once: true },
    );
  });

/**
 * Conversations in a BigQuery table, through `@google-cloud/bigquery` (loaded on
 * first use). Every filter value is a named query parameter; only the table and
 * the configured column names (both validated) are in the SQL text. Each query
 * is dry-run first: its `totalBytesProcessed` is the estimate, and a query over
 * `maximumBytesBilled` is refused before it costs anything (the real query
 * carries the same limit, so BigQuery enforces it too). Results are paged with
 * `maxResults`/`pageToken` (`jobs.query`, then `jobs.getQueryResults`, polling
 * while `jobComplete` is false), never loaded whole.
 */
export function createBigQuerySource(options: BigQuerySourceOptions): ConversationSource {
  const ref: BigQueryTableRef = parseTableRef(options.table);
  const location = options.table;
  const columns = ConversationColumnsSchema.parse(options.columns ?? {});
  const sqlOptions = { table: ref, columns, messagesFormat: options.messagesFormat ?? 'json' } as const;
  const maximumBytesBilled = options.maximumBytesBilled === undefined ? undefined : Number(options.maximumBytesBilled);
  const pageSize = options.pageSize ?? 500;
  let client: Promise<{ bq: BigQueryClient; module: BigQueryModule }> | undefined;

  async function connect(): Promise<{ bq: BigQueryClient; module: BigQueryModule }> {
    let module: BigQueryModule;
    try {
      module = await import('@google-cloud/bigquery');
    } catch (error) {
      throw new UsageError(
        `bigquery: @google-cloud/bigquery is not installed (npm install @google-cloud/bigquery@8): ${(error as Error).message}`,
      );
    }
    const bq = new module.BigQuery({
      projectId: options.projectId ?? ref.project,
      ...(options.location ? { location: options.location } : {}),
      ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}),
      ...(options.keyFile ? { keyFilename: options.keyFile } : {}),
      ...(options.authClient ? { authClient: options.authClient } : {}),
      // The import resumes instead; a retried insert could start a second billed job.
      autoRetry: false,
    });
    return { bq, module };
  }

  function toParams(module: BigQueryModule, params: Record<string, BigQueryParam>): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, typeof v === 'object' ? module.BigQuery.timestamp(v.timestamp) : v]),
    );
  }

  /** The dry run: bytes the query would scan; refuses it when over the cost guard. */
  async function dryRun(sql: BigQuerySql): Promise<number> {
    const { bq, module } = await (client ??= connect());
    let bytes: number;
    try {
      const [job] = await bq.createQueryJob({
        query: sql.query,
        params: toParams(module, sql.params),
        dryRun: true,
        ...(options.location ? { location: options.location } : {}),
      });
      const stats = job.metadata?.statistics as { totalBytesProcessed?: string; query?: { totalBytesProcessed?: string } } | undefined;
      bytes = Number(stats?.totalBytesProcessed ?? stats?.query?.totalBytesProcessed ?? 0);
    } catch (error) {
      throw bigQueryError(error, location, options.location);
    }
    if (maximumBytesBilled !== undefined && bytes > maximumBytesBilled) {
      throw new ConnectorError(
        'bigquery',
        `BigQuery: the query would scan ${formatBytes(bytes)}, over the cost guard maximumBytesBilled = ${formatBytes(maximumBytesBilled)}. Narrow the filter (--since/--until, --model) or raise conversations.bigquery.maximumBytesBilled.`,
        { reason: 'costGuard' },
      );
    }
    return bytes;
  }

  /** Runs a query and yields its rows page by page. */
  async function* pages(sql: BigQuerySql, signal?: AbortSignal): AsyncGenerator<Record<string, unknown>[]> {
    await dryRun(sql);
    const { bq, module } = await (client ??= connect());
    const request = {
      query: sql.query,
      params: toParams(module, sql.params),
      ...(options.location ? { location: options.location } : {}),
      ...(maximumBytesBilled !== undefined ? { maximumBytesBilled: String(maximumBytesBilled) } : {}),
    };
    try {
      let [rows, next] = (await bq.query(request, { autoPaginate: false, maxResults: pageSize })) as unknown as [
        Record<string, unknown>[],
        Record<string, unknown> | null | undefined,
      ];
      let waits = 0;
      for (;;) {
        if (rows.length > 0) {
          waits = 0;
          yield rows;
        }
        if (!next) return;
        signal?.throwIfAborted();
        const job = next.job as Job | undefined;
        if (!job) return;
        // No rows and a next query: the job is still running (jobComplete false); poll with a growing pause.
        if (rows.length === 0) await sleep(Math.min(1000, 50 * 2 ** waits++), signal);
        [rows, next] = (await job.getQueryResults({ ...next, autoPaginate: false, maxResults: pageSize })) as unknown as [
          Record<string, unknown>[],
          Record<string, unknown> | null | undefined,
        ];
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      throw bigQueryError(error, location, options.location);
    }
  }

  return {
    kind: 'bigquery',
    location,
    async count(filter, signal) {
      const sql = countSql(resolveFilter({ ...filter, cursor: undefined }), sqlOptions);
      for await (const rows of pages(sql, signal)) return Number(rows[0]?.n ?? 0);
      return 0;
    },
    async estimate(filter) {
      const sql = rowsSql(resolveFilter({ ...filter, cursor: undefined }), sqlOptions);
      return { bytes: await dryRun(sql) };
    },
    query(filter: ConversationFilter, signal?: AbortSignal): AsyncIterable<ConversationRow> {
      const resolved = resolveFilter(filter);
      const cursor = filter.cursor ? decodeCursor<KeysetCursor>(filter.cursor, isKeysetCursor) : undefined;
      return {
        async *[Symbol.asyncIterator]() {
          let n = cursor?.n ?? 0;
          for await (const rows of pages(rowsSql(resolved, sqlOptions, cursor), signal)) {
            for (const row of rows) {
              n++;
              const id = String(row.id);
              const next = encodeCursor({ key: String(row.sort_key), id, n } satisfies KeysetCursor);
              const normalized = normalizeRow({ id, model: row.model, timestamp: row.ts, messages: row.messages, metadata: row.metadata });
              if ('conversation' in normalized) yield { conversation: normalized.conversation, row: n, cursor: next };
              else yield { error: { row: n, reason: normalized.reason, conversationId: id }, cursor: next };
            }
          }
        },
      };
    },
  };
}
