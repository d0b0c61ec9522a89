// The extension's activation must not evaluate core: `@casewright/core` is a separate chunk
// (dist/core.cjs) and every module that imports it must be reached from the entry only through
// import(). This builds the extension bundle exactly as esbuild.config.mjs does and walks the
// static imports from the entry point.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, type Metafile } from 'esbuild';
// @ts-expect-error -- plain .mjs build config without types
import { BUNDLES } from '../esbuild.config.mjs';

const root = path.resolve(import.meta.dirname, '..');

describe('the VS Code extension bundle', () => {
  it('reaches core (./core.cjs) from extension.ts only through dynamic import()', async () => {
    const {
      name: _name,
      before: _before,
      maxBytes: _max,
      ...options
    } = (BUNDLES as Array<Record<string, unknown>>).find((b) => b.name === 'casewright-vscode')!;
    const result = await build({ ...options, absWorkingDir: root, write: false, metafile: true, sourcemap: false, logLevel: 'error' });
    const inputs = (result.metafile as Metafile).inputs;
    const entry = 'vscode-extension/src/extension.ts';
    const eager = new Set<string>([entry]);
    const chains = new Map<string, string[]>([[entry, [entry]]]);
    const offenders: string[] = [];
    for (const file of eager) {
      for (const imported of inputs[file]?.imports ?? []) {
        if (imported.kind === 'dynamic-import') continue;
        if (imported.path === './core.cjs') offenders.push(chains.get(file)!.join(' → '));
        if (imported.external || eager.has(imported.path)) continue;
        eager.add(imported.path);
        chains.set(imported.path, [...chains.get(file)!, imported.path]);
      }
    }
    expect(offenders).toEqual([]);
    // The eager part is the editor glue: the line scan, the tree, the profiles — never the parser or a command.
    expect([...eager].filter((f) => f.startsWith('vscode-extension/src/commands/'))).toEqual([]);
    expect(eager).toContain('vscode-extension/src/testing/case-scan.ts');
  }, 60_000);
});
