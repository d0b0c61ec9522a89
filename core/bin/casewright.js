#!/usr/bin/env node
// The CLI entry. `npm install` builds core (root `prepare`): the bundled CLI
// (dist/cli-bundle, split so each command loads only what it uses) and the compiled
// modules (dist/); this file only loads the build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli-bundle/casewright.mjs', import.meta.url);
const modules = new URL('../dist/cli/main.js', import.meta.url);
const main = [bundle, modules].find((url) => existsSync(fileURLToPath(url)));
if (!main) {
  process.stderr.write('casewright: core is not built yet; run `npm install` (or `npm run build`) at the repository root\n');
  process.exit(2);
}
await import(main.href);
