// `npm run bench:index`: the embedded case index (minisearch behind the CaseIndex port) at
// 100,000 cases. Each measurement runs in a fresh child process (so peak RSS is its own):
//  - build: index 100,000 cases (goal ≤ 10 s, ≤ 300 MB peak RSS of the process);
//  - query: top-10 similar cases for every criterion of a story, per story (goal ≤ 50 ms p95).
// Baseline in the same run: the brute-force way, createScanIndex (word sets of every case built
// once, then a Dice-similarity scan over all of them per criterion).
// The cases are what the offline generator writes for the story corpus
// (test/fixtures/stories), multiplied with varied nouns and numbers to 100,000 distinct cases.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { caseText } from '../core/src/generate/dedupe.js';
import { normaliseDraft } from '../core/src/generate/normalise.js';
import { loadEnglish } from '../core/src/generate/offline/english.js';
import { generateOffline } from '../core/src/generate/offline/offline-generator.js';
import { parseMarkdownStory } from '../core/src/generate/story/markdown-story.js';
import type { Story } from '../core/src/generate/story/story.js';
import type { IndexedDoc } from '../core/src/search/case-index.js';
import { createMiniSearchIndex } from '../core/src/search/minisearch-index.js';
import { createScanIndex } from '../core/src/search/scan-index.js';

const CASES = Number(process.env.BENCH_INDEX_CASES ?? 100_000);
const K = 10;
const BUILD_GOAL_MS = 10_000;
const RSS_GOAL_MB = 300;
const QUERY_GOAL_MS = 50;
const root = fileURLToPath(new URL('..', import.meta.url));
const storyDir = path.join(root, 'test/fixtures/stories/markdown');
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0;
};
const NOUNS =
  'invoice basket coupon voucher parcel ticket refund booking account report export badge seat order profile address payment card wishlist review'.split(
    ' ',
  );

function stories(): Story[] {
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

async function corpus(): Promise<{ docs: IndexedDoc[]; queries: string[][] }> {
  await loadEnglish();
  const all = stories();
  const base = all.flatMap((s) =>
    generateOffline(s).map((d) => ({ title: d.title, text: caseText(normaliseDraft(d, s, { generator: 'offline' })) })),
  );
  const docs: IndexedDoc[] = [];
  for (let i = 0; i < CASES; i++) {
    const b = base[i % base.length]!;
    const noun = NOUNS[Math.floor(i / base.length) % NOUNS.length]!;
    const shift = Math.floor(i / (base.length * NOUNS.length));
    const vary = (t: string) => `${t.replace(/\d+/g, (n) => String(Number(n) + shift))} (${noun})`;
    docs.push({
      id: `c${i}`,
      type: 'case',
      title: vary(b.title),
      text: vary(b.text),
      file: `suite-${i % 500}.cases.yaml`,
      status: 'ready',
    });
  }
  return { docs, queries: all.map((s) => s.criteria.map((c) => c.text)) };
}

const peakRssMb = () => {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
};

async function child(mode: 'minisearch' | 'scan'): Promise<void> {
  const { docs, queries } = await corpus();
  const rssBefore = process.memoryUsage().rss / 1024 / 1024;
  const t0 = performance.now();
  let search: (q: string) => unknown[];
  let extra: Record<string, number> = {};
  let buildPeak = 0;
  if (mode === 'minisearch') {
    const index = createMiniSearchIndex();
    index.add(docs);
    search = (q) => index.similar(q, { k: K });
    const buildMs = performance.now() - t0;
    buildPeak = peakRssMb();
    const s0 = performance.now();
    const json = JSON.stringify(index.toJSON());
    extra = { buildMs, serializeMs: performance.now() - s0, serializedMb: json.length / 1024 / 1024 };
  } else {
    const index = createScanIndex();
    index.add(docs);
    search = (q) => index.similar(q, { k: K });
    extra = { buildMs: performance.now() - t0 };
    buildPeak = peakRssMb();
  }
  const rssAfterBuild = process.memoryUsage().rss / 1024 / 1024;
  for (const q of queries.slice(0, 5)) for (const c of q) search(c); // warm-up
  const perStory: number[] = [];
  const perCriterion: number[] = [];
  for (let round = 0; round < 3; round++)
    for (const q of queries) {
      const s = performance.now();
      for (const c of q) {
        const c0 = performance.now();
        search(c);
        perCriterion.push(performance.now() - c0);
      }
      perStory.push(performance.now() - s);
    }
  process.stdout.write(
    JSON.stringify({
      ...extra,
      rssBeforeBuildMb: rssBefore,
      rssAfterBuildMb: rssAfterBuild,
      peakRssMb: buildPeak,
      peakRssWithSerializeMb: peakRssMb(),
      storyP50Ms: pct(perStory, 50),
      storyP95Ms: pct(perStory, 95),
      criterionP95Ms: pct(perCriterion, 95),
      stories: queries.length,
      criteria: queries.reduce((n, q) => n + q.length, 0),
    }),
  );
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  if (mode === 'minisearch' || mode === 'scan') return child(mode);
  const self = fileURLToPath(import.meta.url);
  const run = (m: string) =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', self, m], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 })) as Record<
      string,
      number
    >;
  const scan = run('scan');
  const mini = run('minisearch');
  // The corpus itself (100,000 generated cases as JS objects) is in both processes: the index's
  // own memory is the difference it makes over the baseline process before its build.
  const date = new Date().toISOString().slice(0, 10);
  const report = {
    name: 'index',
    date,
    node: process.version,
    machine: { cores: cpus().length, loadAverage1m: round(loadavg()[0] ?? 0, 2) },
    setup: { cases: CASES, k: K, stories: mini.stories, criteria: mini.criteria, samplesPerStory: 3 },
    minisearch: {
      buildMs: round(mini.buildMs!),
      peakRssMb: round(mini.peakRssMb!),
      rssBeforeBuildMb: round(mini.rssBeforeBuildMb!),
      rssAfterBuildMb: round(mini.rssAfterBuildMb!),
      serializeMs: round(mini.serializeMs!),
      peakRssWithSerializeMb: round(mini.peakRssWithSerializeMb!),
      serializedMb: round(mini.serializedMb!),
      storyTop10P50Ms: round(mini.storyP50Ms!, 2),
      storyTop10P95Ms: round(mini.storyP95Ms!, 2),
      criterionTop10P95Ms: round(mini.criterionP95Ms!, 2),
    },
    baselineScan: {
      buildMs: round(scan.buildMs!),
      peakRssMb: round(scan.peakRssMb!),
      storyTop10P50Ms: round(scan.storyP50Ms!, 2),
      storyTop10P95Ms: round(scan.storyP95Ms!, 2),
      criterionTop10P95Ms: round(scan.criterionP95Ms!, 2),
    },
    ratioToBaseline: {
      buildMs: round(mini.buildMs! / scan.buildMs!, 2),
      peakRssMb: round(mini.peakRssMb! / scan.peakRssMb!, 2),
      storyTop10P95Ms: round(mini.storyP95Ms! / scan.storyP95Ms!, 3),
    },
    goals: { buildMs: BUILD_GOAL_MS, peakRssMb: RSS_GOAL_MB, storyTop10P95Ms: QUERY_GOAL_MS },
    pass: mini.buildMs! <= BUILD_GOAL_MS && mini.peakRssMb! <= RSS_GOAL_MB && mini.storyP95Ms! <= QUERY_GOAL_MS,
  };
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `index-${date}.json`), `${json}\n`);
  if (!report.pass) process.exitCode = 1;
}

await main();
