// Builds the extension bundle and packages it as dist/casewright-vscode.vsix with @vscode/vsce.
// `--no-dependencies`: everything the extension needs is in the esbuild bundle.
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const extension = join(here, '..');
const repo = join(extension, '..');
export const VSIX = join(extension, 'dist', 'casewright-vscode.vsix');

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal})`);
}

export async function packageExtension() {
  const { BUNDLES } = await import('../../esbuild.config.mjs');
  const names = BUNDLES.map((b) => b.name).filter((name) => name.startsWith('casewright-vscode'));
  run(process.execPath, ['esbuild.config.mjs', ...names], repo);
  const vsce = join(repo, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--out', VSIX], extension);
  console.log(`casewright-vscode.vsix: ${(statSync(VSIX).size / 1024).toFixed(0)} KB`);
  return VSIX;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await packageExtension();
