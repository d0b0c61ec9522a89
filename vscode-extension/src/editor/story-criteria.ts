import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseMarkdownStory } from '@casewright/core';
import type { StoryCriteria } from './case-file-analysis.js';

const cache = new Map<string, { mtimeMs: number; key: string | undefined; criteria: Set<string> }>();

function readStory(file: string): { key: string | undefined; criteria: Set<string> } | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit;
  try {
    const story = parseMarkdownStory(readFileSync(file, 'utf8'), { file });
    const entry = { mtimeMs, key: story.key, criteria: new Set(story.criteria.map((c) => c.id)) };
    cache.set(file, entry);
    return entry;
  } catch {
    return undefined;
  }
}

/**
 * The Markdown story file a case file's `story:` names: a path relative to the case file, or a
 * Jira key whose story file sits beside the case file (`refunds.md` ↔ `refunds.cases.yaml`, as
 * the generator writes them) and has that key in its title. Undefined for a story only in Jira.
 */
export function storyFileFor(caseFile: string, story: unknown): string | undefined {
  if (typeof story !== 'string' || !story) return undefined;
  const dir = path.dirname(caseFile);
  if (/\.(md|markdown)$/i.test(story)) return readStory(path.resolve(dir, story)) ? path.resolve(dir, story) : undefined;
  const beside = path.join(dir, path.basename(caseFile).replace(/\.cases\.yaml$/, '.md'));
  return readStory(beside)?.key === story ? beside : undefined;
}

/**
 * The acceptance criteria of the story a case file names, when the story is a local Markdown
 * file (see `storyFileFor`). Stories only in Jira are not fetched while typing.
 */
export function storyCriteriaFor(caseFile: string, story: unknown): StoryCriteria | undefined {
  const file = storyFileFor(caseFile, story);
  const found = file ? readStory(file) : undefined;
  return found && typeof story === 'string' ? { story, criteria: found.criteria } : undefined;
}
