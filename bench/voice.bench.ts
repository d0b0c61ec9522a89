// `npm run bench:voice`: 100 voice turns (50 two-turn cases: an order, then a correction)
// against the example voice app (examples/voice, started by the runner), offline: espeak-ng
// speaks, sox conditions and measures, the app listens (pocketsphinx with its phrase grammar)
// and answers (espeak-ng), pocketsphinx transcribes. One turn at a time (concurrency 1), so
// the time the runner waits for those processes adds up: the baseline, measured in the same
// run, is the sum of each turn's speech, condition, app, analysis and transcription times and
// the app's start; the runner's own time is the wall time beyond it (goal ≤ 5 % of the wall
// time). The runner's own CPU (this process; the tools are children) is reported beside it.
// Prints one JSON object and writes it to bench/results/voice-<date>.json.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createReporters, loadCaseFile, runSuites, type RunResult, type Target } from '../core/src/index.js';
import { createTarget, loadTargetFile } from '../core/src/run/targets/resolve-targets.js';
import { ensureVoiceTools } from '../test/voice/voice-tools.js';

const CASES = 50;
const GOAL = 0.05;
const root = fileURLToPath(new URL('..', import.meta.url));

ensureVoiceTools();
const work = mkdtempSync(path.join(tmpdir(), 'bench-voice-'));
const file = path.join(work, 'orders.cases.yaml');
const quantities = ['two', 'three'];
const cases = Array.from({ length: CASES }, (_, i) => {
  const first = quantities[i % 2]!;
  const second = quantities[(i + 1) % 2]!;
  const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  return `  - id: ${id}
    title: Order ${i + 1} is read back, then corrected
    kind: conversation
    input:
      messages:
        - role: user
          content: ${first[0]!.toUpperCase()}${first.slice(1)} packs of coffee filters please
        - role: assistant
          content: You would like ${first} packs of coffee filters. Is that correct?
        - role: user
          content: No sorry ${second} packs
    expected:
      assert:
        - {type: audio-duration, turn: 1, min: 1, max: 8}
        - {type: audio-duration, min: 2, max: 10}
        - {type: leading-silence, max: 500}
        - {type: clipping}
`;
});
writeFileSync(file, `suite: Voice bench\ncases:\n${cases.join('\n')}`);
const parsed = await loadCaseFile(file);
if (!parsed.suite) throw new Error(`the bench suite is invalid: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);

const definition = await loadTargetFile(path.join(root, 'examples/voice/targets/example-voice-app.yaml'));
const target = createTarget(definition, process.env, undefined);
let appStartMs = 0;
// The app's start is waiting for the app: timed here and counted with the processes.
const timed: Target = {
  ...target,
  call: (request) => target.call(request),
  start: async (signal) => {
    const started = performance.now();
    await target.start?.(signal);
    appStartMs = performance.now() - started;
  },
  stop: () => target.stop?.() ?? Promise.resolve(),
};

const out = path.join(work, 'reports');
mkdirSync(out, { recursive: true });
const load = loadavg()[0];
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result: RunResult = await runSuites({
  suites: [{ file: 'orders.cases.yaml', suite: parsed.suite, dir: work }],
  target: timed,
  concurrency: 1,
  timeoutMs: 600_000,
  audioDir: path.join(out, 'audio'),
  reporters: createReporters(['json', 'html'], { outDir: out, write: () => undefined, isTty: false }),
});
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);

const waited: Record<string, number> = { appStart: appStartMs };
let turns = 0;
for (const c of result.cases) {
  for (const turn of c.turns ?? []) {
    if (!turn.voice) continue;
    turns++;
    for (const [step, ms] of Object.entries(turn.voice.timings)) waited[step] = (waited[step] ?? 0) + ms;
  }
}
const waitedMs = Object.values(waited).reduce((a, b) => a + b, 0);
const runnerMs = wallMs - waitedMs;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const report = {
  name: 'voice',
  date: new Date().toISOString(),
  setup: {
    turns,
    cases: CASES,
    concurrency: 1,
    target: 'examples/voice (HTTP, started by the runner)',
    speech: 'espeak-ng',
    transcription: 'pocketsphinx',
  },
  outcomes: { passed: result.summary.passed, failed: result.summary.failed, errored: result.summary.errored },
  wallMs: Math.round(wallMs),
  baseline: {
    description: 'time spent waiting for the processes of each turn (espeak-ng, sox, the app, pocketsphinx) and the app start',
    waitedMs: Math.round(waitedMs),
    byStepMs: Object.fromEntries(Object.entries(waited).map(([k, v]) => [k, Math.round(v)])),
  },
  runnerMs: Math.round(runnerMs),
  runnerShare: round(runnerMs / wallMs, 4),
  goal: GOAL,
  met: runnerMs / wallMs <= GOAL,
  runnerMsPerTurn: round(runnerMs / Math.max(1, turns), 2),
  runnerCpuMs: Math.round((cpu.user + cpu.system) / 1000),
  machine: { cpus: cpus().length, loadAverage1mAtStart: round(load ?? 0, 2), loadAverage1mAtEnd: round(loadavg()[0] ?? 0, 2) },
};
const json = JSON.stringify(report, null, 2);
console.log(json);
const results = path.join(root, 'bench/results');
mkdirSync(results, { recursive: true });
writeFileSync(path.join(results, `voice-${report.date.slice(0, 10)}.json`), `${json}\n`);
if (result.summary.errored > 0) {
  console.error(`${result.summary.errored} cases errored: ${result.cases.find((c) => c.error)?.error?.message}`);
  process.exit(1);
}
