// `npm run bench:startup`: what starting the CLI costs, against starting Node itself, in the
// same run. Three commands, interleaved so a change in the machine's load hits all of them
// alike: `node -e 0` (the floor), `casewright --version` (goal ≤ 1.5× the floor's CPU) and
// `casewright validate examples/` (goal ≤ 3×). CPU is user + system time of the child
// process, read with bash's `times` after it exits (Node cannot read a child's rusage);
// the median of the samples is reported. Wall times are printed beside it: on a shared
// machine they include waiting for a core (`loadAverage1m`).
// Prints one JSON object and writes it to bench/results/startup-<date>.json.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 21);
const root = fileURLToPath(new URL('..', import.meta.url));
const bin = path.join(root, 'core/bin/casewright.js');
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

interface Sample {
  cpuMs: number;
  wallMs: number;
}

/** Runs a command under bash and reads the children's CPU time from `times` (second line: children's user and system). */
function sample(args: string[]): Sample {
  const command = [process.execPath, ...args].map(quote).join(' ');
  const started = performance.now();
  const result = spawnSync('bash', ['-c', `${command} >/dev/null 2>&1; code=$?; times; exit $code`], { cwd: root, encoding: 'utf8' });
  const wallMs = performance.now() - started;
  const children = result.stdout.trim().split('\n').at(-1) ?? '';
  const seconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (seconds.length !== 2) throw new Error(`could not read the CPU time from bash's times: ${JSON.stringify(result.stdout)}`);
  if (result.status !== 0 && !(args.includes('validate') && result.status === 1)) throw new Error(`${command} exited ${result.status}`);
  return { cpuMs: (seconds[0]! + seconds[1]!) * 1000, wallMs };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function main() {
  if (!existsSync(path.join(root, 'core/dist/cli-bundle/casewright.mjs')))
    spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  const commands = {
    node: ['-e', '0'],
    version: [bin, '--version'],
    validate: [bin, 'validate', 'examples/'],
  } as const;
  const samples: Record<keyof typeof commands, Sample[]> = { node: [], version: [], validate: [] };
  // One warm-up round (file cache), then interleaved samples.
  for (const args of Object.values(commands)) sample([...args]);
  for (let i = 0; i < SAMPLES; i++) {
    for (const [name, args] of Object.entries(commands)) samples[name as keyof typeof commands].push(sample([...args]));
  }
  const cpu = (name: keyof typeof commands) => median(samples[name].map((s) => s.cpuMs));
  const wall = (name: keyof typeof commands) => median(samples[name].map((s) => s.wallMs));
  const report = {
    name: 'startup',
    date: new Date().toISOString(),
    node: process.version,
    samples: SAMPLES,
    loadAverage1m: round(loadavg()[0]!, 2),

    nodeCpuMs: round(cpu('node')),
    versionCpuMs: round(cpu('version')),
    validateCpuMs: round(cpu('validate')),
    versionRatio: round(cpu('version') / cpu('node'), 2),
    validateRatio: round(cpu('validate') / cpu('node'), 2),
    wallMs: { node: round(wall('node')), version: round(wall('version')), validate: round(wall('validate')) },
    goals: { versionRatio: '≤ 1.5', validateRatio: '≤ 3' },
  };
  const json = JSON.stringify(report, null, 2);
  console.log(json);
  const outFile = path.join(root, `bench/results/startup-${report.date.slice(0, 10)}.json`);
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${json}\n`);
}

main();
