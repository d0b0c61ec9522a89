// `npm start`: the main job on the embedded defaults (no keys, no network).
// For now: validate the example case files. Later issues extend it to generate
// from examples/stories/ and run the examples against the bundled example app.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../core/bin/casewright.js', import.meta.url));

function step(title, args) {
  console.log(`\n▶ ${title}\n  $ casewright ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit' });
  return result.status ?? 2;
}

let code = step('Validate the example case files', ['validate', 'examples/']);
// Logged conversations → cases (deduped: a second run adds nothing). The output is gitignored.
code = Math.max(
  code,
  step('Import refund conversations from the example log', [
    'import',
    '--from',
    'jsonl:examples/conversations.jsonl',
    '--metadata',
    'topic=refund',
    '--limit',
    '20',
    '--out',
    '.casewright/imported.cases.yaml',
  ]),
);
process.exit(code);
