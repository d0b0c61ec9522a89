// The generated example files (examples/stories/*.cases.yaml, written by `npm start`) are
// what the offline generator produces today: a run adds nothing, finds nothing edited or stale.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCases, parseCaseFile, parseMarkdownStory } from '@casewright/core';

const dir = path.resolve(import.meta.dirname, '../../examples/stories');
const stories = readdirSync(dir).filter((f) => f.endsWith('.md'));

describe.each(stories)('examples/stories/%s', (name) => {
  it('has its generated case file up to date (regenerate with `npm start` after changing the rules)', async () => {
    const story = parseMarkdownStory(readFileSync(path.join(dir, name), 'utf8'), { file: `examples/stories/${name}` });
    const file = name.replace(/\.md$/, '.cases.yaml');
    const parsed = parseCaseFile(readFileSync(path.join(dir, file), 'utf8'), file);
    expect(parsed.suite).toBeDefined();
    const result = await generateCases({ story, existing: parsed.suite?.cases });
    expect({ added: result.cases.map((c) => c.title), edited: result.edited, stale: result.stale }).toEqual({
      added: [],
      edited: [],
      stale: [],
    });
    expect(result.coverage.uncovered).toEqual([]);
  });
});
