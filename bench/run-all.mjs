// `npm run bench`: runs every `bench:*` script of the root package.json in turn.
// Each benchmark prints its JSON and writes it to bench/results/<name>-<date>.json.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const names = Object.keys(pkg.scripts).filter((s) => s.startsWith('bench:'));
if (names.length === 0) {
  console.error('no benchmarks yet (add a bench:<name> script)');
  process.exit(1);
}
let failed = 0;
for (const name of names) {
  console.log(`\n▶ npm run ${name}`);
  const result = spawnSync('npm', ['run', '--silent', name], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
