// The BigQuery connector against a local server speaking BigQuery REST v2
// (test/servers/bigquery-server.ts, shapes from the pages cited there), through
// the real @google-cloud/bigquery client with its apiEndpoint pointed at it.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '@casewright/core';
import { createBigQuerySource, type BigQuerySourceOptions } from '../core/src/connectors/conversations/bigquery-source.js';
import { runImport } from '../core/src/connectors/conversations/import-task.js';
import { type ConversationRow } from '../core/src/connectors/conversations/conversation-source.js';
import {
  startBigQueryServer,
  type BigQueryServer,
  type BigQueryServerOptions,
  type Field,
  type QueryAnswer,
  type SentParams,
} from './servers/bigquery-server.js';

beforeAll(() => {
  // Never probe the GCE metadata server for credentials or a project.
  process.env.METADATA_SERVER_DETECTION = 'none';
});

interface Logged {
  id: string;
  model: string;
  timestamp: string;
  messages: { role: string; content: string }[];
  metadata: Record<string, unknown>;
}

const table: Logged[] = Array.from({ length: 7 }, (_, i) => ({
  id: `c${i + 1}`,
  model: i % 2 === 0 ? 'gpt-4o-mini' : 'claude-3-5-haiku',
  timestamp: new Date(Date.UTC(2026, 5, 1 + i, 12)).toISOString(),
  messages: [
    { role: 'user', content: i % 3 === 0 ? `I want a REFUND for order ${i}` : `Where is order ${i}?` },
    { role: 'assistant', content: `Answer ${i}` },
  ],
  metadata: { channel: i < 4 ? 'web' : 'app', rating: i },
}));

const JSON_SCHEMA: Field[] = [
  { name: 'id', type: 'STRING' },
  { name: 'model', type: 'STRING' },
  { name: 'ts', type: 'TIMESTAMP' },
  { name: 'messages', type: 'STRING' },
  { name: 'metadata', type: 'JSON' },
  { name: 'sort_key', type: 'STRING' },
];
const RECORD_SCHEMA: Field[] = JSON_SCHEMA.map((f) =>
  f.name === 'messages'
    ? {
        name: 'messages',
        type: 'RECORD',
        mode: 'REPEATED',
        fields: [
          { name: 'role', type: 'STRING' },
          { name: 'content', type: 'STRING' },
        ],
      }
    : f,
);

/**
 * What BigQuery would answer for the connector's SQL, computed in JS from the
 * named parameters (the server cannot run SQL); the tests assert the SQL itself separately.
 */
function fakeAnswer(rows: Logged[], format: 'json' | 'record' = 'json', bytes = 1234) {
  return (query: string, params: SentParams): QueryAnswer => {
    const time = (p?: { value: string }) => (p ? Date.parse(p.value.replace(' ', 'T')) : undefined);
    const since = time(params.since);
    const until = time(params.until);
    const inclusive = query.includes('<= @until');
    let picked = rows.filter((r) => {
      const ts = Date.parse(r.timestamp);
      if (params.model && r.model !== params.model.value) return false;
      if (since !== undefined && ts < since) return false;
      if (until !== undefined && (inclusive ? ts > until : ts >= until)) return false;
      if (params.search && !r.messages.some((m) => m.content.toLowerCase().includes(params.search!.value))) return false;
      for (let i = 0; params[`metadata_path_${i}`]; i++) {
        const key = JSON.parse(params[`metadata_path_${i}`]!.value.slice(2)) as string;
        if (String(r.metadata[key]) !== params[`metadata_value_${i}`]!.value) return false;
      }
      return true;
    });
    const keyOf = (r: Logged) => (params.seed ? createHash('md5').update(`${params.seed.value}:${r.id}`).digest('hex') : r.id);
    let out = picked
      .map((r) => ({ ...r, sort_key: keyOf(r) }))
      .sort((a, b) => (a.sort_key < b.sort_key ? -1 : a.sort_key > b.sort_key ? 1 : a.id < b.id ? -1 : 1));
    if (params.cap) out = out.slice(0, Number(params.cap.value));
    if (params.after_key) {
      const k = params.after_key.value;
      const id = params.after_id!.value;
      out = out.filter((r) => r.sort_key > k || (r.sort_key === k && r.id > id));
    }
    if (query.startsWith('SELECT COUNT(*)'))
      return { schema: [{ name: 'n', type: 'INTEGER' }], rows: [{ n: out.length }], totalBytesProcessed: bytes };
    picked = out;
    return {
      schema: format === 'record' ? RECORD_SCHEMA : JSON_SCHEMA,
      rows: out.map((r) => ({
        ...r,
        ts: r.timestamp,
        messages: format === 'record' ? r.messages : JSON.stringify(r.messages),
        metadata: r.metadata,
      })),
      totalBytesProcessed: bytes,
    };
  };
}

let server: BigQueryServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function authClient(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'test-token', expiry_date: Date.now() + 3_600_000 });
  return client;
}

async function setup(serverOptions: Partial<BigQueryServerOptions> = {}, source: Partial<BigQuerySourceOptions> = {}) {
  server = await startBigQueryServer({ answer: fakeAnswer(table), ...serverOptions });
  return createBigQuerySource({
    table: 'acme-prod.support.conversations',
    apiEndpoint: server.url,
    authClient: authClient(),
    columns: { metadata: 'metadata' },
    ...source,
  });
}

async function collect(rows: AsyncIterable<ConversationRow>): Promise<ConversationRow[]> {
  const all: ConversationRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}

describe('bigquery source', () => {
  it('dry-runs through jobs.insert and reports totalBytesProcessed as the estimate', async () => {
    const source = await setup({ answer: fakeAnswer(table, 'json', 987_654_321) });
    await expect(source.estimate({ model: 'gpt-4o-mini' })).resolves.toEqual({ bytes: 987_654_321 });
    const insert = server!.requests.find((r) => r.path === '/bigquery/v2/projects/acme-prod/jobs')!;
    const configuration = insert.body!.configuration as { dryRun: boolean; query: { parameterMode: string; useLegacySql: boolean } };
    expect(configuration.dryRun).toBe(true);
    // The client writes the enum in lower case; the API accepts either.
    expect(configuration.query.parameterMode.toUpperCase()).toBe('NAMED');
    expect(configuration.query.useLegacySql).toBe(false);
    expect(insert.authorization).toBe('Bearer test-token');
  });

  it('sends every filter value as a named parameter, never in the SQL text', async () => {
    const source = await setup();
    const search = "Refund'); DROP TABLE x; --";
    await collect(
      source.query({
        search,
        model: "gpt'4",
        since: '2026-06-01',
        until: '2026-06-30',
        metadata: { 'chan"nel': 'web' },
        sample: { n: 3, seed: 9 },
      }),
    );
    const sent = server!.queries.find((q) => q.via === 'jobs.query')!;
    for (const text of ['DROP TABLE', "gpt'4", 'chan"nel', '2026-06']) expect(sent.query).not.toContain(text);
    expect(sent.params).toMatchObject({
      search: { type: 'STRING', value: search.toLowerCase() },
      model: { type: 'STRING', value: "gpt'4" },
      since: { type: 'TIMESTAMP' },
      until: { type: 'TIMESTAMP' },
      metadata_path_0: { type: 'STRING', value: '$."chan\\"nel"' },
      metadata_value_0: { type: 'STRING', value: 'web' },
      seed: { type: 'INT64', value: '9' },
      cap: { type: 'INT64', value: '3' },
    });
    expect(sent.query).toContain('FROM `acme-prod.support.conversations`');
    expect(sent.query).toContain('STRPOS(LOWER(content), @search) > 0');
    expect(sent.query).toContain('JSON_QUERY_ARRAY(`messages`)');
    expect(sent.query).toContain("TO_HEX(MD5(CONCAT(CAST(@seed AS STRING), ':', CAST(`id` AS STRING))))");
    expect(sent.query).toContain('`timestamp` < @until');
  });

  it('pages with maxResults and pageToken without asking for everything at once', async () => {
    const source = await setup({}, { pageSize: 2 });
    const rows = await collect(source.query({}));
    expect(rows.map((r) => r.conversation?.id)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
    const pages = server!.requests.filter((r) => r.method === 'GET' && r.path.includes('/queries/'));
    expect(pages.map((r) => r.search.get('pageToken'))).toEqual(['2', '4', '6']);
    expect(pages.every((r) => r.search.get('maxResults') === '2')).toBe(true);
    expect(server!.queries.find((q) => q.via === 'jobs.query')!.maxResults).toBe(2);
    expect(rows[0]!.conversation).toEqual({
      id: 'c1',
      model: 'gpt-4o-mini',
      timestamp: '2026-06-01T12:00:00.000Z',
      messages: table[0]!.messages,
      metadata: { channel: 'web', rating: 0 },
    });
  });

  it('polls getQueryResults while jobComplete is false', async () => {
    const source = await setup({ slowJobs: true, incompletePolls: 2 });
    const rows = await collect(source.query({ model: 'claude-3-5-haiku' }));
    expect(rows.map((r) => r.conversation?.id)).toEqual(['c2', 'c4', 'c6']);
    expect(server!.requests.filter((r) => r.method === 'GET').length).toBe(3);
  });

  it('reads messages stored as a repeated RECORD', async () => {
    const source = await setup({ answer: fakeAnswer(table, 'record') }, { messagesFormat: 'record' });
    const rows = await collect(source.query({ search: 'refund' }));
    expect(rows.map((r) => r.conversation?.id)).toEqual(['c1', 'c4', 'c7']);
    expect(rows[0]!.conversation!.messages).toEqual(table[0]!.messages);
    expect(server!.queries.find((q) => q.via === 'jobs.query')!.query).toContain('FROM UNNEST(`messages`) AS m');
  });

  it('refuses a query over maximumBytesBilled after the dry run, before it runs', async () => {
    const source = await setup({ answer: fakeAnswer(table, 'json', 5 * 1024 ** 3) }, { maximumBytesBilled: 1024 ** 3 });
    const error = await collect(source.query({})).catch((e: unknown) => e);
    expect(ConnectorError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'BigQuery: the query would scan 5.0 GiB, over the cost guard maximumBytesBilled = 1.0 GiB. Narrow the filter (--since/--until, --model) or raise conversations.bigquery.maximumBytesBilled.',
    );
    expect(server!.queries.filter((q) => q.via === 'jobs.query')).toEqual([]);
  });

  it('sends maximumBytesBilled with the real query so BigQuery enforces it too', async () => {
    const source = await setup({}, { maximumBytesBilled: 10_000_000 });
    await collect(source.query({ limit: 1 }));
    expect(server!.queries.find((q) => q.via === 'jobs.query')!.maximumBytesBilled).toBe('10000000');
  });

  it.each([
    [
      { status: 404, reason: 'notFound', message: 'Not found: Dataset acme-prod:support' },
      /^BigQuery: acme-prod\.support\.conversations was not found \(404 notFound: Not found: Dataset acme-prod:support\)/,
    ],
    [
      { status: 403, reason: 'accessDenied', message: 'Access Denied: Table acme-prod:support.conversations' },
      /^BigQuery: permission denied on acme-prod\.support\.conversations \(403 accessDenied/,
    ],
    [
      { status: 403, reason: 'quotaExceeded', message: 'Quota exceeded: Your project exceeded quota for free query bytes scanned' },
      /^BigQuery: quota exhausted \(403 quotaExceeded.*run the import again/,
    ],
    [{ status: 429, reason: 'rateLimitExceeded', message: 'Exceeded rate limits' }, /^BigQuery: quota exhausted \(429 rateLimitExceeded/],
  ])('turns %j into a clear error', async (failure, message) => {
    const source = await setup({ fail: { insert: failure } });
    const error = await source.count({}).catch((e: unknown) => e);
    expect(ConnectorError.isInstance(error)).toBe(true);
    expect((error as ConnectorError).status).toBe(failure.status);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('test-token');
  });

  it('reports an error in the middle of paging as a ConnectorError', async () => {
    const source = await setup({ fail: { results: { status: 403, reason: 'quotaExceeded', message: 'Quota exceeded' } } }, { pageSize: 2 });
    const seen: string[] = [];
    const error = await (async () => {
      for await (const row of source.query({})) seen.push(row.conversation!.id);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['c1', 'c2']);
    expect((error as Error).message).toMatch(/quota exhausted/);
  });

  it('imports into a case file and resumes after a failure without losing or duplicating cases', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cw-bq-import-'));
    const out = path.join(dir, 'bq.cases.yaml');
    const source = await setup(
      { fail: { results: { status: 429, reason: 'rateLimitExceeded', message: 'Exceeded rate limits' } } },
      { pageSize: 3 },
    );
    const options = { source, sourceSpec: 'bigquery:acme-prod.support.conversations', filter: {}, out, checkpointMs: 0 };
    await expect(runImport(options)).rejects.toThrow(/quota exhausted/);
    const firstIds = [...readFileSync(out, 'utf8').matchAll(/conversationId: (c\d)/g)].map((m) => m[1]);
    expect(firstIds).toEqual(['c1', 'c2', 'c3']);

    delete server!.options.fail;
    const summary = await runImport(options);
    expect(summary.resumed).toBe(true);
    const ids = [...readFileSync(out, 'utf8').matchAll(/conversationId: (c\d)/g)].map((m) => m[1]);
    expect(ids).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
    const resumedQuery = server!.queries.filter((q) => q.via === 'jobs.query').at(-1)!;
    expect(resumedQuery.params).toMatchObject({ after_key: { value: 'c3' }, after_id: { value: 'c3' } });
    expect(resumedQuery.query).toContain('WHERE sort_key > @after_key OR (sort_key = @after_key AND id > @after_id)');
  });
});
