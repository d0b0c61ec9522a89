// The extension bundle loads the story parsers (mdast, @cucumber/gherkin) and compromise from
// lazy chunks (LAZY_PARSERS in scripts/esbuild-plugins.mjs), so activation stays light. This
// builds core the way the extension bundle does, with the chunks beside it, and reads corpus
// stories in every shape and generates from them through it: the same stories and the same
// case files as unbundled core, and no parser code in the main bundle.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
// @ts-expect-error -- a plain .mjs build helper without types
import { LAZY_PARSERS, lazyChunkSources, lazySdks } from '../scripts/esbuild-plugins.mjs';
import * as unbundled from '@casewright/core';
import { buildCoreBundle, coreBundleOptions } from './core-bundle.js';
import { corpus } from './generate/story-corpus.js';

type CoreModule = typeof unbundled;
let dir: string;
let bundled: CoreModule;
const root = path.resolve(import.meta.dirname, '..');

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cw-lazy-parsers-'));
  await buildCoreBundle(path.join(dir, 'bundle.cjs'), [lazySdks(), lazySdks(LAZY_PARSERS)]);
  for (const { chunk, contents } of lazyChunkSources(LAZY_PARSERS) as Array<{ chunk: string; contents: string }>) {
    await build({
      stdin: { contents, resolveDir: root, loader: 'js' },
      outfile: path.join(dir, chunk),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'error',
    });
  }
  bundled = createRequire(import.meta.url)(path.join(dir, 'bundle.cjs')) as CoreModule;
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('story parsers and English through the lazy chunks', () => {
  it('keeps the parsers out of the main bundle', async () => {
    const main = await readFile(path.join(dir, 'bundle.cjs'), 'utf8');
    // Gherkin's dialect list (every language's keywords) lives in its chunk only.
    expect(main).not.toContain('Szenariogrundriss');
    expect(await readFile(path.join(dir, 'story-gherkin.cjs'), 'utf8')).toContain('Szenariogrundriss');
    // The same bundle with the parsers inline is larger by the chunks' size.
    const inline = await build({ ...coreBundleOptions([lazySdks()]), write: false });
    const chunks = await Promise.all(
      ['story-markdown.cjs', 'story-gherkin.cjs', 'english.cjs'].map((f) => readFile(path.join(dir, f), 'utf8')),
    );
    const saved = (inline.outputFiles[0]?.contents.length ?? 0) - Buffer.byteLength(main);
    expect(saved).toBeGreaterThan(0.8 * chunks.reduce((n, c) => n + Buffer.byteLength(c), 0));
  }, 60_000);

  it.each(
    corpus()
      .filter((e) => !e.expected.noCriteria)
      .filter((_, k) => k % 4 === 0 || /\.(feature|json)$|feature\.md$/.test(_.name))
      .map((e) => [e.name, e.file]),
  )('reads %s and generates the same case file as unbundled core', async (name, file) => {
    const [a, b] = await Promise.all([unbundled.loadStoryFile(file, { shown: name }), bundled.loadStoryFile(file, { shown: name })]);
    expect(b).toEqual(a);
    const [ra, rb] = [
      await unbundled.generateCases({ story: a, kinds: ['manual', 'conversation'] }),
      await bundled.generateCases({ story: b, kinds: ['manual', 'conversation'] }),
    ];
    expect(rb.cases).toEqual(ra.cases);
    expect(rb.coverage).toEqual(ra.coverage);
  });
});
