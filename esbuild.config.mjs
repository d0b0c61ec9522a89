// Builds every bundle of the repository with esbuild. Each workspace that
// ships a bundle adds an entry to BUNDLES; `npm run build` runs this after `tsc -b`.
import { build } from 'esbuild';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { LAZY_PARSERS, LAZY_SDKS, lazyChunk, lazyChunkSources, lazySdks } from './scripts/esbuild-plugins.mjs';

/** @type {Array<{ name: string, main?: string, before?: () => Promise<void>, maxBytes?: number } & import('esbuild').BuildOptions>} */
export const BUNDLES = [
  {
    // The `casewright` command as bin/casewright.js runs it: the CLI bundled, split at its
    // dynamic imports, so a command loads only the chunks it uses (`--version` none of core's
    // modules, `validate` the model, `run` the runner), each as one file instead of hundreds.
    name: 'casewright-cli',
    entryPoints: { casewright: 'core/src/cli/main.ts' },
    outdir: 'core/dist/cli-bundle',
    main: 'core/dist/cli-bundle/casewright.mjs',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    bundle: true,
    // Native and large optional SDKs stay external: they load lazily when used.
    external: ['@duckdb/node-api', '@google-cloud/bigquery'],
    banner: { js: "import { createRequire as __cwCreateRequire } from 'node:module'; const require = __cwCreateRequire(import.meta.url);" },
    sourcemap: true,
    logLevel: 'warning',
    // Chunk names carry a hash: start from an empty folder so old chunks do not pile up.
    async before() {
      rmSync('core/dist/cli-bundle', { recursive: true, force: true });
    },
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
  {
    // The VS Code extension: the CJS file VS Code `require`s on activation. It holds the editor
    // glue only; `@casewright/core` is the separate chunk below, loaded with import() on first
    // need, so activation never evaluates core.
    name: 'casewright-vscode',
    entryPoints: ['vscode-extension/src/extension.ts'],
    outfile: 'vscode-extension/dist/extension.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    bundle: true,
    minify: true,
    external: ['vscode'],
    plugins: [
      lazyChunk(['@casewright/core'], './core.cjs'),
      lazyChunk(['@google-cloud/bigquery', 'google-auth-library'], './bigquery.mjs'),
    ],
    // __cwLoadStart/__cwLoadCpu: when VS Code started evaluating the bundle and the process's CPU
    // then, for the activation figures (wall time and CPU time).
    banner: { js: 'const __cwLoadStart = performance.now(), __cwLoadCpu = process.cpuUsage();' },
    sourcemap: true,
    logLevel: 'warning',
    maxBytes: 256 * 1024,
    // The JSON Schema the manifest contributes for the YAML language server (yamlValidation).
    async before() {
      const { caseFileJsonSchema } = await import('./core/dist/index.js');
      mkdirSync('vscode-extension/schemas', { recursive: true });
      writeFileSync('vscode-extension/schemas/cases.schema.json', JSON.stringify(caseFileJsonSchema(), null, 2) + '\n');
    },
  },
  {
    // The extension's core chunk: @casewright/core for the editor (parsing, generation, Jira,
    // import). DuckDB (native) and BigQuery and the Anthropic/Gemini SDKs (large) stay out of
    // it and load only when a command needs them.
    name: 'casewright-vscode-core',
    stdin: { contents: "export * from '@casewright/core';", resolveDir: process.cwd(), loader: 'js' },
    outfile: 'vscode-extension/dist/core.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    bundle: true,
    minify: true,
    external: ['@duckdb/node-api'],
    plugins: [lazyChunk(['@google-cloud/bigquery', 'google-auth-library'], './bigquery.mjs'), lazySdks(), lazySdks(LAZY_PARSERS)],
    // Core reads files next to itself through import.meta.url; give CJS the same value.
    define: { 'import.meta.url': '__cwImportMetaUrl' },
    banner: { js: "const __cwImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    sourcemap: true,
    logLevel: 'warning',
    // 1.6 MB since voice (issue 18: voice targets, audio checks, ≈25 KB minified) joined core;
    // 1.7 MB since the judge queue in Jira, defects with attachments and the Xray / Zephyr /
    // Gherkin exporters (issues 17, 19: 1,559 KB → 1,643 KB). This chunk loads on the first
    // command that needs core, never at activation.
    maxBytes: 1.7 * 1024 * 1024,
  },
  {
    // The `casewright` CLI inside the .vsix: the extension runs cases in a child process with
    // it (`run --reporter jsonl --out -`), started by the editor's own runtime.
    name: 'casewright-vscode-cli',
    entryPoints: ['core/src/cli/main.ts'],
    outfile: 'vscode-extension/dist/cli.mjs',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    bundle: true,
    minify: true,
    external: ['@duckdb/node-api', '@google-cloud/bigquery'],
    banner: { js: "import { createRequire as __cwCreateRequire } from 'node:module'; const require = __cwCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  },
  {
    // The extension's lazy BigQuery chunk, imported only when a BigQuery import runs.
    name: 'casewright-vscode-bigquery',
    entryPoints: ['vscode-extension/src/bigquery-chunk.ts'],
    // ESM, so the main bundle's dynamic import() sees its named exports.
    outfile: 'vscode-extension/dist/bigquery.mjs',
    platform: 'node',
    format: 'esm',
    banner: {
      js: "import { createRequire as __cwCreateRequire } from 'node:module'; import { fileURLToPath as __cwToPath } from 'node:url'; const require = __cwCreateRequire(import.meta.url); const __filename = __cwToPath(import.meta.url); const __dirname = __cwToPath(new URL('.', import.meta.url));",
    },
    target: 'node20',
    bundle: true,
    minify: true,
    logLevel: 'error',
  },
  ...lazyChunkSources({ ...LAZY_SDKS, ...LAZY_PARSERS }).map(({ chunk, contents }) => ({
    // A lazily loaded chunk of the extension: a provider SDK (see lazySdks), a story parser or
    // English (LAZY_PARSERS); the extension's core chunk requires it on first use.
    name: `casewright-vscode-${chunk.slice(2, -4)}`,
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    outfile: `vscode-extension/dist/${chunk.slice(2)}`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    bundle: true,
    minify: true,
    logLevel: 'error',
  })),
];

/** Builds the bundles named in `only` (all when empty) and checks their size budgets. */
export async function buildBundles(only = []) {
  for (const { name, main, before, maxBytes, ...options } of BUNDLES) {
    if (only.length > 0 && !only.includes(name)) continue;
    await before?.();
    await build(options);
    const file = /** @type {string} */ (main ?? options.outfile);
    const size = statSync(file).size;
    console.log(`${name}: ${file} ${(size / 1024).toFixed(0)} KB`);
    if (maxBytes !== undefined && size > maxBytes) {
      console.error(`${name} is ${(size / 1024).toFixed(0)} KB; its budget is ${(maxBytes / 1024).toFixed(0)} KB`);
      process.exitCode = 1;
    }
  }
}

// Run as a script (`node esbuild.config.mjs [names...]`); importing it (tests) builds nothing.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await buildBundles(process.argv.slice(2));
