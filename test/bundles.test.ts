// The VS Code extension and the Forge functions carry core, but not the CLI: commander and
// core/src/cli stay out of both bundles (the CLI is a front end beside them, not part of
// core's public surface). Built here in memory with the options of esbuild.config.mjs;
// esbuild's metafile lists every module each bundle holds.
// (Fails on the barrel that exported runCli: commander was in both bundles.)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- the build script is plain .mjs without types
import { BUNDLES } from '../esbuild.config.mjs';
import * as core from '../core/src/index.js';
import { runCasewright } from './helpers/cli.js';

const root = path.resolve(import.meta.dirname, '..');

/** The esbuild options of a bundle in esbuild.config.mjs, without the build script's own fields. */
function bundleOptions(name: string): BuildOptions {
  const entry = (BUNDLES as Array<BuildOptions & { name: string; main?: string; before?: unknown; maxBytes?: number }>).find(
    (b) => b.name === name,
  )!;
  const { name: _n, main: _m, before: _b, maxBytes: _x, ...options } = entry;
  return options;
}

async function bundleInputs(name: string): Promise<{ inputs: string[]; text: string }> {
  const options = bundleOptions(name);
  // Core from its sources (the release build takes core/dist, compiled from the same files): no stale build can hide a CLI import.
  const alias = { '@casewright/core': './core/src/index.ts' };
  const result = await build({ ...options, alias, absWorkingDir: root, write: false, metafile: true, logLevel: 'silent' });
  const main = result.outputFiles.find((f) => f.path.endsWith(path.basename(options.outfile!)))!;
  return { inputs: Object.keys(result.metafile.inputs), text: main.text };
}

describe('bundles', () => {
  // The extension's core is its own chunk (casewright-vscode-core, loaded on first need); the
  // CLI it runs cases with ships beside them as a program of its own (casewright-vscode-cli).
  it.each(['casewright-vscode', 'casewright-vscode-core', 'jira-app-functions'])(
    '%s holds neither commander nor the CLI',
    async (name) => {
      const { inputs, text } = await bundleInputs(name);
      if (name !== 'casewright-vscode') expect(inputs.some((i) => i.startsWith('core/src/workspace/'))).toBe(true);
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

describe('the CLI bundle (what bin/casewright.js runs)', () => {
  it('answers --version, validates the examples and generates offline, from its chunks', async () => {
    const options = bundleOptions('casewright-cli');
    const outdir = mkdtempSync(path.join(tmpdir(), 'cw-cli-bundle-'));
    try {
      await build({ ...options, outdir, absWorkingDir: root, logLevel: 'silent' });
      const cli = async (...args: string[]) => {
        const run = await runCasewright(args, { cwd: root, entry: path.join(outdir, 'casewright.mjs') });
        expect(run.status, run.stderr).toBe(0);
        return run.stdout;
      };
      expect((await cli('--version')).trim()).toBe(core.VERSION);
      expect(await cli('validate', 'examples/', '--format', 'json')).toMatch(/"errors": 0/);
      expect(await cli('generate', '--offline', '--dry-run', '--story', 'examples/stories/password-reset.md')).toMatch(/criteria covered/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('what loads on first use', () => {
  it.each([
    ['anthropic', 'core/src/llm/providers/anthropic/anthropic-provider.ts', '@anthropic-ai/sdk'],
    ['google', 'core/src/llm/providers/google/google-provider.ts', '@google/genai'],
    ['openai', 'core/src/llm/providers/openai/openai-provider.ts', 'openai'],
  ])('the %s provider loads its own SDK and no other', async (_name, entry, own) => {
    const result = await build({
      entryPoints: [entry],
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const sdks = new Set(
      Object.keys(result.metafile.inputs)
        .map((i) => /node_modules\/(openai|@anthropic-ai\/sdk|@google\/genai)\//.exec(i)?.[1])
        .filter((x): x is string => Boolean(x)),
    );
    expect([...sdks]).toEqual([own]);
  });

  it('the CLI starts with commander and its command definitions only: the model, zod, yaml and every SDK load with the command that needs them', async () => {
    const options = bundleOptions('casewright-cli');
    const result = await build({ ...options, absWorkingDir: root, write: false, metafile: true, logLevel: 'silent' });
    const outputs = result.metafile.outputs;
    // Everything the entry reaches through static imports is what `casewright --version` evaluates.
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      for (const i of outputs[file]!.imports) if (i.kind === 'import-statement' && outputs[i.path]) visit(i.path);
    };
    visit(Object.keys(outputs).find((f) => outputs[f]!.entryPoint && f.endsWith('casewright.mjs'))!);
    const packages = new Set(
      [...reached]
        .flatMap((f) => Object.keys(outputs[f]!.inputs))
        .flatMap((i) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(i)?.[1] ?? []),
    );
    expect([...packages]).toEqual(['commander']);
  });
});
