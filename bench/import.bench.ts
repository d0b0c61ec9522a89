// `npm run bench:import`: conversation import throughput.
//  1. 100,000 generated conversations, JSONL → case file, in a child process (the real
//     import path: source → conversion → dedupe → YAML → atomic write), with its peak RSS.
//     Goal: ≤ 5 s and ≤ 250 MB. Baseline in the same run: reading and JSON.parse-ing
//     every line of the same file (the floor any JSONL import pays).
//  2. DuckDB text search (count of conversations whose messages contain a phrase) over
//     1,000,000 conversations, as Parquet (messages as a list of structs) and as JSONL.
//     Goal: ≤ 2 s for the query. Baseline: DuckDB counting the rows of the same file.
// Data is generated with scripts/generate-conversations.mjs into a temp dir and removed.
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';
import { createDuckDbSource } from '../core/src/connectors/conversations/duckdb-source.js';
import { generateConversations } from '../scripts/generate-conversations.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'casewright-bench-import-'));
const SMALL = 100_000;
const LARGE = 1_000_000;
const SEARCH = 'warranty claim';

async function writeJsonl(file: string, count: number, seed: number): Promise<void> {
  const out = createWriteStream(file);
  let batch: string[] = [];
  for (const conversation of generateConversations(count, seed) as Iterable<unknown>) {
    batch.push(JSON.stringify(conversation));
    if (batch.length === 2000) {
      if (!out.write(`${batch.join('\n')}\n`)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      batch = [];
    }
  }
  if (batch.length > 0) out.write(`${batch.join('\n')}\n`);
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

const round = (n: number, digits = 3) => Number(n.toFixed(digits));

try {
  // 1. JSONL → case file
  const small = path.join(dir, 'conversations-100k.jsonl');
  await writeJsonl(small, SMALL, 1);
  let started = performance.now();
  let lines = 0;
  for await (const line of createInterface({ input: createReadStream(small), crlfDelay: Infinity })) {
    if (line) {
      JSON.parse(line);
      lines++;
    }
  }
  const parseMs = performance.now() - started;
  const out = path.join(dir, 'imported.cases.yaml');
  const child = JSON.parse(
    execFileSync(process.execPath, [path.join(root, 'bench/import-child.mjs'), `jsonl:${small}`, out], { cwd: dir, encoding: 'utf8' }),
  ) as { ms: number; cpuMs: number; maxRssBytes: number; imported: number; failed: number; bytesWritten: number };
  if (child.imported !== SMALL || lines !== SMALL) throw new Error(`imported ${child.imported} of ${SMALL}`);

  // 2. DuckDB search over 1M rows
  const large = path.join(dir, 'conversations-1m.jsonl');
  await writeJsonl(large, LARGE, 2);
  const parquet = path.join(dir, 'conversations-1m.parquet');
  started = performance.now();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run(
    `COPY (SELECT id, model, CAST("timestamp" AS TIMESTAMPTZ) AS "timestamp", messages, metadata
       FROM read_json($src, format = 'newline_delimited',
         columns = {id: 'VARCHAR', model: 'VARCHAR', timestamp: 'VARCHAR', messages: 'STRUCT(role VARCHAR, content VARCHAR)[]', metadata: 'JSON'}))
     TO '${parquet.replaceAll("'", "''")}' (FORMAT parquet)`,
    { src: large },
  );
  const toParquetMs = performance.now() - started;
  connection.closeSync();
  instance.closeSync();

  const timeCount = async (file: string) => {
    const source = createDuckDbSource({ file });
    await source.count({ limit: 1 }); // open the instance and read the schema outside the timing
    let t = performance.now();
    const all = await source.count({});
    const scanMs = performance.now() - t;
    t = performance.now();
    const matches = await source.count({ search: SEARCH });
    const searchMs = performance.now() - t;
    t = performance.now();
    let streamed = 0;
    for await (const row of source.query({ search: SEARCH, limit: 1000 })) if (row.conversation) streamed++;
    const firstThousandMs = performance.now() - t;
    await source.close?.();
    return {
      rows: all,
      matches,
      searchMs: round(searchMs, 0),
      countAllMs: round(scanMs, 0),
      first1000RowsMs: round(firstThousandMs, 0),
      streamed,
    };
  };
  const parquetResult = await timeCount(parquet);
  const jsonlResult = await timeCount(large);

  const date = new Date().toISOString().slice(0, 10);
  const result = {
    name: 'import',
    date,
    machine: { cpus: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0, 2), node: process.version },
    jsonlToCaseFile: {
      conversations: SMALL,
      inputBytes: statSync(small).size,
      outputBytes: child.bytesWritten,
      ms: round(child.ms, 0),
      // User + system CPU of the import process: what the wall time would be on an idle core.
      cpuMs: round(child.cpuMs, 0),
      peakRssMB: round(child.maxRssBytes / 1048576, 1),
      conversationsPerSecond: round(SMALL / (child.ms / 1000), 0),
      goal: { ms: 5000, peakRssMB: 250 },
      ratioToGoal: { time: round(child.ms / 5000), cpuTime: round(child.cpuMs / 5000), rss: round(child.maxRssBytes / 1048576 / 250) },
      baseline: { what: 'readline + JSON.parse of every line', ms: round(parseMs, 0) },
      ratioToBaseline: round(child.ms / parseMs, 2),
    },
    duckdbSearch: {
      conversations: LARGE,
      search: SEARCH,
      parquet: {
        ...parquetResult,
        bytes: statSync(parquet).size,
        ratioToGoal: round(parquetResult.searchMs / 2000),
        ratioToBaseline: round(parquetResult.searchMs / Math.max(1, parquetResult.countAllMs), 2),
      },
      jsonl: {
        ...jsonlResult,
        bytes: statSync(large).size,
        ratioToGoal: round(jsonlResult.searchMs / 2000),
        ratioToBaseline: round(jsonlResult.searchMs / Math.max(1, jsonlResult.countAllMs), 2),
      },
      goal: { searchMs: 2000 },
      baseline: 'countAllMs: DuckDB counting every valid conversation of the same file (same bad-row checks, no search)',
      prepare: { jsonlToParquetMs: round(toParquetMs, 0) },
    },
  };
  const json = JSON.stringify(result, null, 2);
  console.log(json);
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, `bench/results/import-${date}.json`), `${json}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
