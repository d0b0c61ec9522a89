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
  {
    // The Forge functions (resolver + generation consumer) as one file, to measure what
    // `forge deploy` ships; Forge bundles src/index.ts itself when deploying.
    name: 'jira-app-functions',
    entryPoints: ['src/index.ts'],
    outfile: 'jira-app/dist/functions.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    bundle: true,
    minify: true,
    // Conversation import is not part of the Jira app; those SDKs load lazily in core.
    external: ['@duckdb/node-api', '@google-cloud/bigquery'],
    sourcemap: true,
    logLevel: 'warning',
  },
  ...['issue-panel', 'admin-page', 'project-page'].map((name) => ({
    // UI Kit resources: React + @forge/react reconcile into the Forge bridge in the browser.
    name: `jira-app-${name}`,
    entryPoints: [`src/frontend/${name}.tsx`],
    outfile: `jira-app/dist/frontend/${name}.js`,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    bundle: true,
    minify: true,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    sourcemap: true,
    logLevel: 'warning',
  })),
];

const only = process.argv.slice(2);
for (const { name, ...options } of BUNDLES) {
  if (only.length > 0 && !only.includes(name)) continue;
  await build(options);
  const size = statSync(/** @type {string} */ (options.outfile)).size;
  console.log(`${name}: ${options.outfile} ${(size / 1024).toFixed(0)} KB`);
}
