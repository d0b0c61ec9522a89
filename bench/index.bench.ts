// `npm run bench:index`: the case index at 100,000 cases (issue 17: build ≤ 10 s and ≤ 300 MB,
// top-10 similar for a story ≤ 50 ms p95, embedded, no server). Every measurement runs in a fresh
// child process (so its peak RSS is its own), on one corpus written once to a temp folder:
//  - index: the embedded index (createMiniSearchIndex, minisearch behind the CaseIndex port) fed
//    the corpus 200 cases at a time, as the index job feeds it one case file at a time; then the
//    top 10 similar cases for every criterion of each corpus story;
//  - baselineScan, in the same run: the brute-force way, createScanIndex (word sets of every case
//    built once, then a Dice-similarity scan over all of them per criterion), fed the same way;
//  - job: what `casewright similar` does first, updateCaseIndex over a workspace of 500 case files
//    (read, validated, indexed, the index file written), then again with nothing changed.
// The cases are what the offline generator writes for the story corpus (test/fixtures/stories),
// multiplied with varied nouns and numbers to 100,000 distinct cases.
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import type { normaliseDraft } from '../core/src/generate/normalise.js';
import type { Story } from '../core/src/generate/story/story.js';
import type { CaseIndex, IndexedDoc } from '../core/src/search/case-index.js';
import { createMiniSearchIndex } from '../core/src/search/minisearch-index.js';
import { createScanIndex } from '../core/src/search/scan-index.js';
import { caseDoc, updateCaseIndex } from '../core/src/workspace/index-job.js';
import { openWorkspace } from '../core/src/workspace/workspace.js';

type TestCaseInput = ReturnType<typeof normaliseDraft>;

const CASES = Number(process.env.BENCH_INDEX_CASES ?? 100_000);
/** `BENCH_INDEX_ONLY=job`: only the index job (first build, then unchanged), for iterating on it; written to `index-job-<date>.json`. */
const ONLY_JOB = process.env.BENCH_INDEX_ONLY === 'job';
const PER_FILE = 200;
const K = 10;
const GOALS = { buildMs: 10_000, peakRssMb: 300, storyTop10P95Ms: 50 };
const root = fileURLToPath(new URL('..', import.meta.url));
const storyDir = path.join(root, 'test/fixtures/stories/markdown');
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const mb = (bytes: number) => bytes / 1024 / 1024;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};
const NOUNS =
  'invoice basket coupon voucher parcel ticket refund booking account report export badge seat order profile address payment card wishlist review'.split(
    ' ',
  );

/** The generator is loaded by the parent only: a measuring child loads what the index job loads. */
const generator = async () => ({
  ...(await import('../core/src/generate/normalise.js')),
  ...(await import('../core/src/generate/offline/english.js')),
  ...(await import('../core/src/generate/offline/offline-generator.js')),
  ...(await import('../core/src/generate/story/markdown-story.js')),
});

function stories(parseMarkdownStory: Awaited<ReturnType<typeof generator>>['parseMarkdownStory']): Story[] {
  const out: Story[] = [];
  for (const f of readdirSync(storyDir).sort()) {
    try {
      const story = parseMarkdownStory(readFileSync(path.join(storyDir, f), 'utf8'), { file: f });
      if (story.criteria.length > 0) out.push(story);
    } catch {
      // stories without criteria are refused; they have nothing to search for
    }
  }
  return out;
}

/** Case `i` of the corpus: a generated case with its words varied (a noun, shifted numbers) and its own id. */
function variedCase(base: readonly TestCaseInput[], i: number): TestCaseInput {
  const b = base[i % base.length]!;
  const noun = NOUNS[Math.floor(i / base.length) % NOUNS.length]!;
  const shift = Math.floor(i / (base.length * NOUNS.length));
  const vary = (t: string) => `${t.replace(/\d+/g, (n) => String(Number(n) + shift))} (${noun})`;
  const id = `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
  // No story files in the workspace: the cases do not name one.
  const source = b.source?.kind === 'generated' ? { ...b.source, story: undefined } : b.source;
  if (b.kind === 'manual') {
    return {
      ...b,
      id,
      source,
      title: vary(b.title),
      preconditions: b.preconditions?.map(vary),
      steps: b.steps.map((s) => ({ ...s, action: vary(s.action), expected: vary(s.expected), ...(s.data ? { data: vary(s.data) } : {}) })),
    };
  }
  return {
    ...b,
    id,
    source,
    title: vary(b.title),
    input: { ...b.input, messages: b.input.messages.map((m) => ({ ...m, content: vary(m.content) })) },
    expected: b.expected && { ...b.expected, requirements: b.expected.requirements?.map(vary) },
  };
}

/**
 * Writes the corpus once: `cases.jsonl` (the documents the index job makes of the cases), the
 * criteria of each story (`queries.json`) and a workspace of case files (`ws/`).
 */
async function writeCorpus(dir: string): Promise<{ stories: number; criteria: number; yamlMb: number }> {
  const { loadEnglish, generateOffline, normaliseDraft, parseMarkdownStory } = await generator();
  await loadEnglish();
  const all = stories(parseMarkdownStory);
  const base = all.flatMap((s) => generateOffline(s).map((d) => normaliseDraft(d, s, { generator: 'offline' })));
  const ws = path.join(dir, 'ws');
  mkdirSync(ws, { recursive: true });
  writeFileSync(path.join(ws, 'casewright.config.yaml'), '{}\n');
  const lines: string[] = [];
  let yamlBytes = 0;
  for (let f = 0; f * PER_FILE < CASES; f++) {
    const file = `suite-${f}.cases.yaml`;
    const cases: TestCaseInput[] = [];
    for (let i = f * PER_FILE; i < Math.min(CASES, (f + 1) * PER_FILE); i++) cases.push(variedCase(base, i));
    for (const c of cases) lines.push(JSON.stringify(caseDoc(c, file)));
    const yaml = stringify({ suite: `suite ${f}`, cases });
    yamlBytes += Buffer.byteLength(yaml);
    writeFileSync(path.join(ws, file), yaml);
  }
  writeFileSync(path.join(dir, 'cases.jsonl'), `${lines.join('\n')}\n`);
  const queries = all.map((s) => s.criteria.map((c) => c.text));
  writeFileSync(path.join(dir, 'queries.json'), JSON.stringify(queries));
  return { stories: queries.length, criteria: queries.reduce((n, q) => n + q.length, 0), yamlMb: mb(yamlBytes) };
}

const peakRssMb = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const heapMb = () => {
  gc();
  return mb(process.memoryUsage().heapUsed);
};

/** Feeds `cases.jsonl` to `index` in batches of a case file's size: the corpus is never held whole. */
async function feed(dir: string, index: CaseIndex): Promise<void> {
  let batch: IndexedDoc[] = [];
  for await (const line of createInterface({ input: createReadStream(path.join(dir, 'cases.jsonl')) })) {
    if (!line) continue;
    batch.push(JSON.parse(line) as IndexedDoc);
    if (batch.length === PER_FILE) {
      index.add(batch);
      batch = [];
    }
  }
  index.add(batch);
}

async function childIndex(mode: 'minisearch' | 'scan', dir: string): Promise<Record<string, number>> {
  const queries = JSON.parse(readFileSync(path.join(dir, 'queries.json'), 'utf8')) as string[][];
  const rssBefore = mb(process.memoryUsage().rss);
  const heapBefore = heapMb();
  const t0 = performance.now();
  const index = mode === 'minisearch' ? createMiniSearchIndex() : createScanIndex();
  await feed(dir, index);
  const buildMs = performance.now() - t0;
  const peak = peakRssMb();
  const heapRetained = heapMb() - heapBefore;
  let extra: Record<string, number> = {};
  if (mode === 'minisearch') {
    const s0 = performance.now();
    const json = JSON.stringify((index as ReturnType<typeof createMiniSearchIndex>).toJSON());
    extra = { serializeMs: performance.now() - s0, serializedMb: mb(json.length), peakRssWithSerializeMb: peakRssMb() };
  }
  for (const q of queries.slice(0, 5)) for (const c of q) index.similar(c, { k: K }); // warm-up
  const perStory: number[] = [];
  const perCriterion: number[] = [];
  for (let r = 0; r < 3; r++)
    for (const q of queries) {
      const s = performance.now();
      for (const c of q) {
        const c0 = performance.now();
        index.similar(c, { k: K });
        perCriterion.push(performance.now() - c0);
      }
      perStory.push(performance.now() - s);
    }
  return {
    size: index.size,
    buildMs,
    rssBeforeBuildMb: rssBefore,
    peakRssMb: peak,
    heapRetainedMb: heapRetained,
    ...extra,
    storyTop10P50Ms: pct(perStory, 50),
    storyTop10P95Ms: pct(perStory, 95),
    criterionTop10P95Ms: pct(perCriterion, 95),
  };
}

async function childJob(dir: string): Promise<Record<string, number>> {
  const cwd = path.join(dir, 'ws');
  const ws = await openWorkspace({ cwd, env: {} });
  const rssBefore = mb(process.memoryUsage().rss);
  const t0 = performance.now();
  const update = await updateCaseIndex(ws);
  return {
    size: update.index.size,
    updated: update.updated.length,
    skipped: update.skipped.length,
    ms: performance.now() - t0,
    rssBeforeMb: rssBefore,
    peakRssMb: peakRssMb(),
  };
}

async function main(): Promise<void> {
  const [mode, dir] = process.argv.slice(2);
  if (dir && (mode === 'minisearch' || mode === 'scan')) return void process.stdout.write(JSON.stringify(await childIndex(mode, dir)));
  if (dir && mode === 'job') return void process.stdout.write(JSON.stringify(await childJob(dir)));

  const tmp = mkdtempSync(path.join(tmpdir(), 'cw-bench-index-'));
  try {
    const setup = await writeCorpus(tmp);
    const self = fileURLToPath(import.meta.url);
    const run = (m: string) =>
      JSON.parse(
        execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, m, tmp], {
          cwd: root,
          encoding: 'utf8',
          maxBuffer: 1 << 26,
        }),
      ) as Record<string, number>;
    const r = (o: Record<string, number>, d = 1) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v, d)]));
    const date = new Date().toISOString().slice(0, 10);
    const out = fileURLToPath(new URL('./results/', import.meta.url));
    mkdirSync(out, { recursive: true });
    if (ONLY_JOB) {
      const first = run('job');
      const again = run('job');
      const machine = { cores: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0, 2) };
      const report = {
        name: 'index-job',
        date,
        node: process.version,
        machine,
        setup: { cases: CASES, casesPerFile: PER_FILE, caseFilesMb: round(setup.yamlMb) },
        goals: { buildMs: GOALS.buildMs, peakRssMb: GOALS.peakRssMb },
        goalsMet: { buildMs: first.ms! <= GOALS.buildMs, peakRssMb: first.peakRssMb! <= GOALS.peakRssMb },
        job: { first: r(first), unchanged: r(again) },
      };
      const json = JSON.stringify(report, null, 2);
      console.log(json);
      writeFileSync(path.join(out, `index-job-${date}.json`), `${json}\n`);
      return;
    }
    const scan = run('scan');
    const mini = run('minisearch');
    const jobFirst = run('job');
    const jobAgain = run('job');
    const goalsMet = {
      index: {
        buildMs: mini.buildMs! <= GOALS.buildMs,
        peakRssMb: mini.peakRssMb! <= GOALS.peakRssMb,
        storyTop10P95Ms: mini.storyTop10P95Ms! <= GOALS.storyTop10P95Ms,
      },
      job: { buildMs: jobFirst.ms! <= GOALS.buildMs, peakRssMb: jobFirst.peakRssMb! <= GOALS.peakRssMb },
    };
    const report = {
      name: 'index',
      date,
      node: process.version,
      machine: { cores: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0, 2) },
      setup: {
        cases: CASES,
        casesPerFile: PER_FILE,
        caseFilesMb: round(setup.yamlMb),
        k: K,
        stories: setup.stories,
        criteria: setup.criteria,
        samplesPerStory: 3,
      },
      goals: GOALS,
      goalsMet,
      pass: [...Object.values(goalsMet.index), ...Object.values(goalsMet.job)].every(Boolean),
      minisearch: r(mini, 2),
      baselineScan: r(scan, 2),
      ratioToBaseline: {
        buildMs: round(mini.buildMs! / scan.buildMs!, 2),
        peakRssMb: round(mini.peakRssMb! / scan.peakRssMb!, 2),
        heapRetainedMb: round(mini.heapRetainedMb! / scan.heapRetainedMb!, 2),
        storyTop10P95Ms: round(mini.storyTop10P95Ms! / scan.storyTop10P95Ms!, 3),
      },
      // The process before the build (Node, tsx, the modules) is the floor every figure stands on.
      indexOwnPeakMb: round(mini.peakRssMb! - mini.rssBeforeBuildMb!),
      job: { first: r(jobFirst), unchanged: r(jobAgain) },
    };
    const json = JSON.stringify(report, null, 2);
    console.log(json);
    writeFileSync(path.join(out, `index-${date}.json`), `${json}\n`);
    if (!report.pass) process.exitCode = 1;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
