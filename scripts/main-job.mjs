// `npm start`: the main job on the embedded defaults (no keys, no network).
// Generates cases from examples/stories/*.md with the offline generator (written
// beside each story), then validates the example case files. Later issues extend it
// to run the examples against the bundled example app.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../core/bin/casewright.js', import.meta.url));

function step(title, args) {
  console.log(`\n▶ ${title}\n  $ casewright ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  return result.status ?? 2;
}

let code = 0;
const stories = readdirSync(new URL('../examples/stories/', import.meta.url))
  .filter((f) => f.endsWith('.md'))
  .sort();
for (const story of stories) {
  const status = step(`Generate cases from examples/stories/${story} (offline rules, no key needed)`, [
    'generate',
    '--offline',
    '--story',
    `examples/stories/${story}`,
    '--require-coverage',
  ]);
  if (status !== 0) code = status;
}
const validated = step('Validate the example case files', ['validate', 'examples/']);
process.exit(code || validated);
