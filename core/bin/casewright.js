#!/usr/bin/env node
// The CLI entry. `npm install` builds core (root `prepare`); this file only loads the build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write('casewright: core is not built yet; run `npm install` (or `npm run build`) at the repository root\n');
  process.exit(2);
}
await import(main.href);
