// Builds every bundle of the repository with esbuild. Each workspace that
// ships a bundle adds an entry to BUNDLES; `npm run build` runs this after `tsc -b`.
import { build } from 'esbuild';
import { statSync } from 'node:fs';

/** @type {Array<{ name: string } & import('esbuild').BuildOptions>} */
export const BUNDLES = [
  {
    // A single-file CLI for environments that want no node_modules (e.g. CI images).
    name: 'casewright-cli',
    entryPoints: ['core/src/cli/main.ts'],
    outfile: 'core/dist/casewright.bundle.mjs',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    bundle: true,
    // Native and large optional SDKs stay external: they load lazily when used.
    external: ['@duckdb/node-api', '@google-cloud/bigquery'],
    banner: { js: "import { createRequire as __cwCreateRequire } from 'node:module'; const require = __cwCreateRequire(import.meta.url);" },
    sourcemap: true,
    logLevel: 'warning',
  },
];

const only = process.argv.slice(2);
for (const { name, ...options } of BUNDLES) {
  if (only.length > 0 && !only.includes(name)) continue;
  await build(options);
  const size = statSync(/** @type {string} */ (options.outfile)).size;
  console.log(`${name}: ${options.outfile} ${(size / 1024).toFixed(0)} KB`);
}
