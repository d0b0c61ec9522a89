// The VS Code extension and the Forge functions carry core, but not the CLI: commander and
// core/src/cli stay out of both bundles (the CLI is a front end beside them, not part of
// core's public surface). Built here in memory with the options of esbuild.config.mjs;
// esbuild's metafile lists every module each bundle holds.
// (Fails on the barrel that exported runCli: commander was in both bundles.)
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- the build script is plain .mjs without types
import { BUNDLES } from '../esbuild.config.mjs';
import * as core from '../core/src/index.js';

const root = path.resolve(import.meta.dirname, '..');

async function bundleInputs(name: string): Promise<{ inputs: string[]; text: string }> {
  const {
    name: _n,
    before: _b,
    maxBytes: _m,
    ...options
  } = (BUNDLES as Array<BuildOptions & { name: string; before?: unknown; maxBytes?: number }>).find((b) => b.name === name)!;
  // Core from its sources (the release build takes core/dist, compiled from the same files): no stale build can hide a CLI import.
  const alias = { '@casewright/core': './core/src/index.ts' };
  const result = await build({ ...options, alias, absWorkingDir: root, write: false, metafile: true, logLevel: 'silent' });
  const main = result.outputFiles.find((f) => f.path.endsWith(path.basename(options.outfile!)))!;
  return { inputs: Object.keys(result.metafile.inputs), text: main.text };
}

describe('bundles', () => {
  it.each(['casewright-vscode', 'jira-app-functions'])(
    '%s holds neither commander nor the CLI',
    async (name) => {
      const { inputs, text } = await bundleInputs(name);
      expect(inputs.some((i) => i.startsWith('core/src/workspace/'))).toBe(true);
      expect(inputs.filter((i) => /node_modules\/commander\//.test(i))).toEqual([]);
      expect(inputs.filter((i) => i.startsWith('core/src/cli/'))).toEqual([]);
      // (booleans: a failing toContain would print the whole minified bundle)
      expect(text.includes('commander.helpDisplayed'), 'commander code in the bundle').toBe(false);
    },
    120_000,
  );

  it('the public surface stays small: under 100 runtime names, and no CLI among them', () => {
    const names = Object.keys(core);
    expect(names.length).toBeLessThan(100);
    expect(names.filter((n) => /^(runCli|EXIT_)/.test(n))).toEqual([]);
  });
});
