// Builds @casewright/core into one CJS file the way the VS Code extension bundle does (CJS,
// import.meta.url defined from __filename, DuckDB and BigQuery external), with the given
// esbuild plugins: what the lazy-chunk tests load and compare with unbundled core.
import { build, type BuildOptions, type Plugin } from 'esbuild';

const root = new URL('..', import.meta.url).pathname;

export function coreBundleOptions(plugins: Plugin[]): BuildOptions {
  return {
    stdin: { contents: "export * from '@casewright/core';", resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['@duckdb/node-api', '@google-cloud/bigquery'],
    define: { 'import.meta.url': '__u' },
    banner: { js: "const __u = require('node:url').pathToFileURL(__filename).href;" },
    plugins,
    logLevel: 'error',
  };
}

/** Writes the bundle to `outfile`. */
export async function buildCoreBundle(outfile: string, plugins: Plugin[]): Promise<void> {
  await build({ ...coreBundleOptions(plugins), outfile });
}
