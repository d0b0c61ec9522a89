// The JSONL and DuckDB sources against real files: the same filter semantics,
// bad rows reported with their line and reason, resumable cursors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConversationFilter, ConversationRow, ConversationSource } from './conversation-source.js';
import { createDuckDbSource } from './duckdb-source.js';
import { createJsonlSource } from './jsonl-source.js';

const fixture = path.join(import.meta.dirname, '__fixtures__', 'malformed.jsonl');
const example = path.join(import.meta.dirname, '../../../../examples/conversations.jsonl');
const opened: ConversationSource[] = [];
const open = (kind: 'jsonl' | 'duckdb', file: string): ConversationSource => {
  const source = kind === 'jsonl' ? createJsonlSource({ file }) : createDuckDbSource({ file, threads: 1 });
  opened.push(source);
  return source;
};
afterAll(async () => {
  for (const source of opened) await source.close?.();
});

async function collect(rows: AsyncIterable<ConversationRow>): Promise<ConversationRow[]> {
  const all: ConversationRow[] = [];
  for await (const row of rows) all.push(row);
  return all;
}
const ids = (rows: ConversationRow[]) => rows.filter((r) => r.conversation).map((r) => r.conversation!.id);

describe.each(['jsonl', 'duckdb'] as const)('%s source', (kind) => {
  it('reads good rows and reports each bad one with its line and reason', async () => {
    const rows = await collect(open(kind, fixture).query({}));
    // File order for JSONL, id order for SQL engines (docs/conversations.md).
    expect(ids(rows)).toEqual(kind === 'jsonl' ? ['ok-1', 'ok-2', 'no-answer', 'ok-3'] : ['no-answer', 'ok-1', 'ok-2', 'ok-3']);
    const errors = rows.filter((r) => r.error).map((r) => r.error!);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2 }),
        expect.objectContaining({ conversationId: 'bad-json-messages', reason: expect.stringMatching(/^messages is not valid JSON/) }),
        expect.objectContaining({
          conversationId: 'unknown-role',
          reason: 'message 1 has unknown role "tool" (expected system, user or assistant)',
        }),
        expect.objectContaining({ conversationId: 'empty', reason: 'empty conversation (no messages)' }),
      ]),
    );
    expect(errors).toHaveLength(4);
    const ok2 = rows.find((r) => r.conversation?.id === 'ok-2')!.conversation!;
    expect(ok2).toEqual({
      id: 'ok-2',
      model: 'claude-3-5-haiku',
      timestamp: '2026-06-05T10:00:00.000Z',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'I need a refund' },
        { role: 'assistant', content: 'Sure.' },
      ],
      metadata: { channel: 'app', rating: '3' },
    });
  });

  it.each<[string, ConversationFilter, string[]]>([
    ['model', { model: 'gpt-4o-mini' }, ['ok-1', 'ok-3']],
    ['search (case-insensitive, any message)', { search: 'REFUND' }, ['ok-2', 'ok-3']],
    ['a date until includes that whole day', { since: '2026-06-05', until: '2026-06-30' }, ['no-answer', 'ok-2', 'ok-3']],
    ['a date-time until is inclusive', { until: '2026-06-05T10:00:00Z' }, ['ok-1', 'ok-2']],
    ['metadata equality compares as text', { metadata: { rating: 3 } }, ['ok-2']],
    ['metadata booleans', { metadata: { vip: true, channel: 'web' } }, ['ok-3']],
    ['limit', { limit: 1, model: 'gpt-4o-mini' }, ['ok-1']],
  ])('filters by %s', async (_name, filter, expected) => {
    const rows = await collect(open(kind, fixture).query(filter));
    expect(ids(rows).sort()).toEqual(expected);
  });

  it('counts what the query returns', async () => {
    const source = open(kind, example);
    for (const filter of [
      { search: 'money back' },
      { model: 'gpt-4.1-mini', metadata: { channel: 'app' } },
      { sample: { n: 25, seed: 3 } },
      { limit: 7 },
    ]) {
      expect(await source.count(filter)).toBe(ids(await collect(source.query(filter))).length);
    }
  });

  it('resumes after the cursor of any row without losing or repeating one', async () => {
    const source = open(kind, example);
    for (const filter of [{ search: 'refund' }, { sample: { n: 40, seed: 11 } }] as ConversationFilter[]) {
      const all = ids(await collect(source.query(filter)));
      const first: ConversationRow[] = [];
      for await (const row of source.query(filter)) {
        first.push(row);
        if (first.length === 17) break;
      }
      const rest = ids(await collect(source.query({ ...filter, cursor: first.at(-1)!.cursor })));
      expect([...ids(first), ...rest]).toEqual(all);
    }
  });
});

describe('jsonl and duckdb agree', () => {
  it('take the same sample for the same seed, in the same order', async () => {
    const filter = { sample: { n: 30, seed: 42 }, search: 'order' };
    const jsonl = ids(await collect(open('jsonl', example).query(filter)));
    const duckdb = ids(await collect(open('duckdb', example).query(filter)));
    expect(jsonl).toHaveLength(30);
    expect(duckdb).toEqual(jsonl);
    const other = ids(await collect(open('jsonl', example).query({ ...filter, sample: { n: 30, seed: 43 } })));
    expect(other).not.toEqual(jsonl);
  });

  it('match the same conversations for every filter', async () => {
    for (const filter of [
      { search: 'warranty' },
      { since: '2026-07-01', until: '2026-07-15', model: 'gpt-4o-mini' },
      { metadata: { topic: 'password', locale: 'en-GB' } },
    ]) {
      const jsonl = ids(await collect(open('jsonl', example).query(filter))).sort();
      const duckdb = ids(await collect(open('duckdb', example).query(filter))).sort();
      expect(jsonl.length).toBeGreaterThan(0);
      expect(duckdb).toEqual(jsonl);
    }
  });
});

describe('duckdb source', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cw-duck-'));

  it('reads a CSV export with messages as JSON text', async () => {
    const csv = path.join(dir, 'export.csv');
    const messages = JSON.stringify([
      { role: 'user', content: 'Refund, please' },
      { role: 'assistant', content: 'Done' },
    ]).replaceAll('"', '""');
    writeFileSync(csv, `id,model,timestamp,messages,metadata\nx1,m,2026-06-01T00:00:00Z,"${messages}","{""channel"":""web""}"\n`);
    const rows = await collect(open('duckdb', csv).query({ search: 'refund', metadata: { channel: 'web' } }));
    expect(rows.map((r) => r.conversation?.messages[0]?.content)).toEqual(['Refund, please']);
  });

  it('reads a Parquet export with messages as a list of structs', async () => {
    const parquet = path.join(dir, 'export.parquet');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    await connection.run(
      `COPY (SELECT 'p1' AS id, 'm' AS model, TIMESTAMPTZ '2026-06-01 10:00:00+00' AS "timestamp",
        [{'role': 'user', 'content': 'Track A-9'}, {'role': 'assistant', 'content': 'In transit'}] AS messages,
        {'channel': 'app'} AS metadata) TO '${parquet.replaceAll("'", "''")}' (FORMAT parquet)`,
    );
    connection.closeSync();
    instance.closeSync();
    const rows = await collect(open('duckdb', parquet).query({ search: 'track', since: '2026-06-01', metadata: { channel: 'app' } }));
    expect(rows.map((r) => r.conversation)).toEqual([
      {
        id: 'p1',
        model: 'm',
        timestamp: '2026-06-01T10:00:00.000Z',
        messages: [
          { role: 'user', content: 'Track A-9' },
          { role: 'assistant', content: 'In transit' },
        ],
        metadata: { channel: 'app' },
      },
    ]);
  });

  it('says which file type it cannot read', async () => {
    const txt = path.join(dir, 'export.txt');
    writeFileSync(txt, 'x');
    await expect(open('duckdb', txt).count({})).rejects.toThrow(
      'duckdb: cannot read export.txt: use a .jsonl, .ndjson, .json, .parquet or .csv file',
    );
  });
});

describe('bad filters', () => {
  it.each<[ConversationFilter, string]>([
    [{ since: 'yesterday' }, "--since 'yesterday': expected a date such as 2026-01-31 or a date-time such as 2026-01-31T09:30:00Z"],
    [{ since: '2026-02-01', until: '2026-01-01' }, '--since 2026-02-01 is after --until 2026-01-01'],
    [{ cursor: 'garbage' }, 'cannot resume'],
  ])('rejects %j', async (filter, message) => {
    await expect(async () => collect(open('jsonl', fixture).query(filter))).rejects.toThrow(message);
  });
});
