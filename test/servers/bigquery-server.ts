/**
 * A local BigQuery REST v2 server on 127.0.0.1 for tests. It answers the calls
 * `@google-cloud/bigquery` makes for a query, in the documented shapes:
 *   - jobs.insert  POST /bigquery/v2/projects/{projectId}/jobs
 *     https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/insert (a Job resource:
 *     https://cloud.google.com/bigquery/docs/reference/rest/v2/Job; a dry run answers with
 *     `statistics.totalBytesProcessed` and `statistics.query.totalBytesProcessed`)
 *   - jobs.query   POST /bigquery/v2/projects/{projectId}/queries
 *     https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/query (QueryResponse:
 *     jobReference, jobComplete, schema, rows as {f: [{v}]}, pageToken, totalRows)
 *   - jobs.getQueryResults  GET /bigquery/v2/projects/{projectId}/queries/{jobId}
 *     https://cloud.google.com/bigquery/docs/reference/rest/v2/jobs/getQueryResults
 *     (`jobComplete: false` while the job runs; `maxResults` + `pageToken` paging)
 *   - tabledata.list  GET /bigquery/v2/projects/{p}/datasets/{d}/tables/{t}/data
 *     https://cloud.google.com/bigquery/docs/reference/rest/v2/tabledata/list
 * Errors use the body the error reference documents (https://cloud.google.com/bigquery/docs/error-messages):
 * `{error: {code, message, errors: [{domain, reason, message}], status}}`.
 * The server cannot run SQL: a test supplies `answer(query, params)` returning the result
 * table, and asserts the SQL and the named parameters the connector sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FieldType = 'STRING' | 'INTEGER' | 'INT64' | 'TIMESTAMP' | 'JSON' | 'RECORD';

export interface Field {
  name: string;
  type: FieldType;
  mode?: 'NULLABLE' | 'REPEATED' | 'REQUIRED';
  fields?: Field[];
}

/** A query parameter as the REST API carries it (QueryParameter), flattened to name → {type, value}. */
export type SentParams = Record<string, { type: string; value: string }>;

export interface QueryAnswer {
  schema: Field[];
  rows: Record<string, unknown>[];
  /** What a dry run reports for this query. */
  totalBytesProcessed?: number;
}

export interface ApiFailure {
  status: number;
  reason: string;
  message: string;
}

export interface BigQueryServerOptions {
  answer: (query: string, params: SentParams) => QueryAnswer;
  /** getQueryResults answers `jobComplete: false` this many times per job before the rows. */
  incompletePolls?: number;
  /** jobs.query answers `jobComplete: false` (so the client polls getQueryResults). */
  slowJobs?: boolean;
  /** Fail a route: 'insert' (jobs.insert), 'query' (jobs.query), 'results' (getQueryResults). */
  fail?: Partial<Record<'insert' | 'query' | 'results', ApiFailure>>;
}

export interface RecordedRequest {
  method: string;
  path: string;
  search: URLSearchParams;
  body: Record<string, unknown> | undefined;
  authorization: string | undefined;
}

interface Job {
  id: string;
  projectId: string;
  location: string;
  answer: QueryAnswer;
  polls: number;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
};

/** A value in the REST row encoding (`{f: [{v}]}`); TIMESTAMP as int64 microseconds (`formatOptions.useInt64Timestamp`). */
function encodeValue(field: Field, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field.mode === 'REPEATED') {
    return (value as unknown[]).map((item) => ({ v: encodeValue({ ...field, mode: 'NULLABLE' }, item) }));
  }
  if (field.type === 'RECORD') {
    const record = value as Record<string, unknown>;
    return { f: (field.fields ?? []).map((child) => ({ v: encodeValue(child, record[child.name]) })) };
  }
  if (field.type === 'TIMESTAMP') return String(BigInt(Date.parse(String(value))) * 1000n);
  if (field.type === 'JSON' && typeof value !== 'string') return JSON.stringify(value);
  return String(value);
}

function encodeRows(schema: Field[], rows: Record<string, unknown>[]): { f: { v: unknown }[] }[] {
  return rows.map((row) => ({ f: schema.map((field) => ({ v: encodeValue(field, row[field.name]) })) }));
}

function flattenParams(body: Record<string, unknown>): SentParams {
  const list = (body.queryParameters ?? []) as { name: string; parameterType: { type: string }; parameterValue: { value: string } }[];
  // QueryParameterValue.value is a string in the REST reference; the client sends INT64 values as JSON numbers, which the API accepts.
  return Object.fromEntries(list.map((p) => [p.name, { type: p.parameterType.type, value: String(p.parameterValue.value) }]));
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
}

export interface BigQueryServer {
  /** The `apiEndpoint` to give the client. */
  url: string;
  requests: RecordedRequest[];
  /** The SQL and parameters of every jobs.query / jobs.insert call, in order. */
  queries: {
    via: 'jobs.query' | 'jobs.insert';
    dryRun: boolean;
    query: string;
    params: SentParams;
    maximumBytesBilled?: string;
    maxResults?: number;
  }[];
  options: BigQueryServerOptions;
  close(): Promise<void>;
}

export async function startBigQueryServer(options: BigQueryServerOptions): Promise<BigQueryServer> {
  const requests: RecordedRequest[] = [];
  const queries: BigQueryServer['queries'] = [];
  const jobs = new Map<string, Job>();
  let nextJob = 1;

  const send = (response: ServerResponse, status: number, body: unknown): void => {
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    response.end(JSON.stringify(body));
  };
  const sendError = (response: ServerResponse, failure: ApiFailure): void =>
    send(response, failure.status, {
      error: {
        code: failure.status,
        message: failure.message,
        errors: [{ message: failure.message, domain: 'global', reason: failure.reason }],
        status: STATUS_TEXT[failure.status] ?? 'UNKNOWN',
      },
    });

  /** One page of a finished job, from `pageToken` (an offset) on. */
  const page = (job: Job, maxResults: number | undefined, pageToken: string | null): Record<string, unknown> => {
    const start = pageToken ? Number(pageToken) : 0;
    const size = maxResults ?? job.answer.rows.length;
    const rows = job.answer.rows.slice(start, start + size);
    const end = start + rows.length;
    return {
      kind: 'bigquery#getQueryResultsResponse',
      jobReference: { projectId: job.projectId, jobId: job.id, location: job.location },
      jobComplete: true,
      schema: { fields: job.answer.schema },
      totalRows: String(job.answer.rows.length),
      rows: encodeRows(job.answer.schema, rows),
      ...(end < job.answer.rows.length ? { pageToken: String(end) } : {}),
      totalBytesProcessed: String(job.answer.totalBytesProcessed ?? 0),
      cacheHit: false,
    };
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const body = request.method === 'POST' ? await readBody(request) : undefined;
      requests.push({
        method: request.method ?? 'GET',
        path: url.pathname,
        search: url.searchParams,
        body,
        authorization: request.headers.authorization,
      });
      const insert = /^\/bigquery\/v2\/projects\/([^/]+)\/jobs$/.exec(url.pathname);
      const query = /^\/bigquery\/v2\/projects\/([^/]+)\/queries$/.exec(url.pathname);
      const results = /^\/bigquery\/v2\/projects\/([^/]+)\/queries\/([^/]+)$/.exec(url.pathname);
      const tabledata = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)\/data$/.exec(url.pathname);

      if (request.method === 'POST' && insert && body) {
        if (options.fail?.insert) return sendError(response, options.fail.insert);
        const configuration = body.configuration as { dryRun?: boolean; query: Record<string, unknown> };
        const reference = body.jobReference as { projectId: string; jobId: string; location?: string };
        const params = flattenParams(configuration.query);
        const sql = String(configuration.query.query);
        queries.push({
          via: 'jobs.insert',
          dryRun: Boolean(configuration.dryRun),
          query: sql,
          params,
          maximumBytesBilled: configuration.query.maximumBytesBilled as string | undefined,
        });
        const answer = options.answer(sql, params);
        const bytes = String(answer.totalBytesProcessed ?? 0);
        return send(response, 200, {
          kind: 'bigquery#job',
          id: `${reference.projectId}:${reference.location ?? 'US'}.${reference.jobId}`,
          jobReference: { ...reference, location: reference.location ?? 'US' },
          configuration: { ...configuration, jobType: 'QUERY' },
          status: { state: 'DONE' },
          statistics: {
            creationTime: String(Date.now()),
            totalBytesProcessed: bytes,
            query: { totalBytesProcessed: bytes, totalBytesBilled: '0', cacheHit: false, statementType: 'SELECT' },
          },
        });
      }
      if (request.method === 'POST' && query && body) {
        if (options.fail?.query) return sendError(response, options.fail.query);
        const params = flattenParams(body);
        const sql = String(body.query);
        queries.push({
          via: 'jobs.query',
          dryRun: Boolean(body.dryRun),
          query: sql,
          params,
          maximumBytesBilled: body.maximumBytesBilled as string | undefined,
          maxResults: body.maxResults as number | undefined,
        });
        const job: Job = {
          id: `job_${nextJob++}`,
          projectId: query[1]!,
          location: String(body.location ?? 'US'),
          answer: options.answer(sql, params),
          polls: 0,
        };
        jobs.set(job.id, job);
        if (options.slowJobs) {
          return send(response, 200, {
            kind: 'bigquery#queryResponse',
            jobReference: { projectId: job.projectId, jobId: job.id, location: job.location },
            jobComplete: false,
          });
        }
        return send(response, 200, { ...page(job, body.maxResults as number | undefined, null), kind: 'bigquery#queryResponse' });
      }
      if (request.method === 'GET' && results) {
        if (options.fail?.results) return sendError(response, options.fail.results);
        const job = jobs.get(results[2]!);
        if (!job) return sendError(response, { status: 404, reason: 'notFound', message: `Not found: Job ${results[1]}:${results[2]}` });
        if (job.polls < (options.incompletePolls ?? 0)) {
          job.polls++;
          return send(response, 200, {
            kind: 'bigquery#getQueryResultsResponse',
            jobReference: { projectId: job.projectId, jobId: job.id, location: job.location },
            jobComplete: false,
          });
        }
        const maxResults = url.searchParams.get('maxResults');
        return send(response, 200, page(job, maxResults ? Number(maxResults) : undefined, url.searchParams.get('pageToken')));
      }
      if (request.method === 'GET' && tabledata) {
        const answer = options.answer(`tabledata.list ${tabledata[2]}.${tabledata[3]}`, {});
        return send(response, 200, {
          kind: 'bigquery#tableDataList',
          totalRows: String(answer.rows.length),
          rows: encodeRows(answer.schema, answer.rows),
        });
      }
      return sendError(response, { status: 404, reason: 'notFound', message: `no route ${request.method} ${url.pathname}` });
    })().catch((error: unknown) => {
      send(response, 500, { error: { code: 500, message: String(error), errors: [{ reason: 'internalError', message: String(error) }] } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    queries,
    options,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
