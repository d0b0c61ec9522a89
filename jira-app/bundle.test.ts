/**
 * The esbuild bundles of the app (esbuild.config.mjs): the functions bundle loads
 * in Node and exports the handlers manifest.yml names; the UI Kit bundles carry
 * no backend code (no KVS secret access, no @forge/api, no zod).
 */
import { execFile } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const names = ['jira-app-functions', 'jira-app-issue-panel', 'jira-app-admin-page', 'jira-app-project-page'];
let output = '';

beforeAll(async () => {
  output = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, ['esbuild.config.mjs', ...names], { cwd: root }, (error, stdout, stderr) =>
      error ? reject(new Error(stderr)) : resolve(stdout),
    ),
  );
}, 120_000);

describe('jira-app bundles', () => {
  it('builds every bundle and reports its size', () => {
    for (const name of names) expect(output).toMatch(new RegExp(`${name}: \\S+ \\d+ KB`));
  });

  it('the functions bundle loads and exports the handlers named in manifest.yml', () => {
    const mod = createRequire(import.meta.url)(path.join(root, 'jira-app/dist/functions.cjs')) as Record<string, unknown>;
    expect(typeof mod.handler).toBe('function');
    expect(typeof mod.generationConsumer).toBe('function');
    const manifest = readFileSync(path.join(root, 'manifest.yml'), 'utf8');
    expect(manifest).toContain('handler: index.handler');
    expect(manifest).toContain('handler: index.generationConsumer');
  });

  it('the UI bundles hold no backend code: no secrets API, no @forge/api runtime, no zod, no core', () => {
    for (const page of ['issue-panel', 'admin-page', 'project-page']) {
      const file = path.join(root, `jira-app/dist/frontend/${page}.js`);
      const text = readFileSync(file, 'utf8');
      // (boolean checks: a failing toContain would print the whole minified bundle)
      for (const backendOnly of ['/api/v1/secret', '__forge_fetch__', 'ZodError', 'casewright-case']) {
        expect(text.includes(backendOnly), `${page} contains ${backendOnly}`).toBe(false);
      }
      expect(statSync(file).size).toBeLessThan(600 * 1024);
    }
  });
});
