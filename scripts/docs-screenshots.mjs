// `npm run docs:screenshots`: runs the real-VS-Code e2e (`npm run test:e2e`) with
// CASEWRIGHT_SCREENSHOTS=docs/images, so the screenshots in docs/vscode-extension.md are
// refreshed from the real editor. This is the only command that writes docs/images/vscode-*.png;
// `npm test` writes its screenshots to a temporary folder.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.env.npm_execpath;
const [command, args] = npm ? [process.execPath, [npm, 'run', 'test:e2e']] : ['npm', ['run', 'test:e2e']];
const result = spawnSync(command, args, {
  cwd: repo,
  stdio: 'inherit',
  env: { ...process.env, CASEWRIGHT_SCREENSHOTS: join('docs', 'images') },
});
process.exit(result.status ?? 1);
