import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseCaseFile, parseMarkdownStory } from '@casewright/core';
import { defaultCaseFileFor, generateIntoFile } from './generate-task.js';

const STORY = new URL('../../../examples/stories/checkout-coupons.md', import.meta.url);
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cw-vscode-gen-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('generateIntoFile (offline generator)', () => {
  it('writes a valid case file covering the story, and adds nothing on a second run', async () => {
    const story = parseMarkdownStory(await readFile(STORY, 'utf8'), { file: 'stories/checkout-coupons.md' });
    const outFile = path.join(dir, 'checkout-coupons.cases.yaml');
    const first = await generateIntoFile({ story, outFile, shownOut: 'checkout-coupons.cases.yaml' });
    expect(first.written).toBe(true);
    const parsed = parseCaseFile(await readFile(outFile, 'utf8'), 'f');
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(parsed.suite!.cases.length).toBe(first.result.cases.length);
    expect(first.result.coverage.covered).toBe(story.criteria.length);
    expect(first.summary).toMatch(
      new RegExp(
        `^added ${first.result.cases.length} cases to checkout-coupons.cases.yaml \\(offline rules\\); coverage ${story.criteria.length}/${story.criteria.length} criteria$`,
      ),
    );
    const second = await generateIntoFile({ story, outFile, shownOut: 'checkout-coupons.cases.yaml' });
    expect([second.result.cases.length, second.written]).toEqual([0, false]);
  });

  it('refuses to merge into an invalid case file and leaves it untouched', async () => {
    const story = parseMarkdownStory(await readFile(STORY, 'utf8'), { file: 'x.md' });
    const outFile = path.join(dir, 'broken.cases.yaml');
    await writeFile(outFile, 'suite: x\ncases:\n  - title: no id\n');
    await expect(generateIntoFile({ story, outFile, shownOut: 'broken.cases.yaml' })).rejects.toThrow();
    expect(await readFile(outFile, 'utf8')).toBe('suite: x\ncases:\n  - title: no id\n');
  });

  it('names the case file after the story', () => {
    expect(defaultCaseFileFor('/w/stories/refunds.md')).toBe('/w/stories/refunds.cases.yaml');
  });
});
