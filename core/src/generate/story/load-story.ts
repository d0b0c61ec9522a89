import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../../errors/usage-error.js';
import { parseJiraIssueStory, type JiraStoryOptions } from './jira-story.js';
import { parseGherkinStory } from './gherkin-story.js';
import { noCriteriaMessage, parseMarkdownStory } from './markdown-story.js';
import type { Story } from './story.js';

/** Story files larger than this are refused before they are read. */
const MAX_STORY_BYTES = 5 * 1024 * 1024;

/** The file names `loadStoryFile` reads, longest suffix first. */
export const STORY_FILE_SUFFIXES = ['.feature.md', '.feature', '.markdown', '.md', '.txt', '.json'] as const;

/**
 * Reads a story file: Markdown (`.md`, `.markdown`, `.txt`), a Gherkin feature
 * (`.feature`, or Markdown with Gherkin `.feature.md`) or a Jira issue JSON (`.json`).
 * `shown` is the name used in errors and `source.file`. Refuses a story without
 * acceptance criteria, saying what was found (an empty or placeholder section) and how to add them.
 */
export async function loadStoryFile(file: string, options: JiraStoryOptions & { shown?: string } = {}): Promise<Story> {
  const shown = options.shown ?? file;
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new UsageError(`${shown}: no such file`);
  }
  if (info.isDirectory()) throw new UsageError(`${shown}: is a directory, expected a story file (.md, .feature or Jira issue .json)`);
  if (info.size > MAX_STORY_BYTES) throw new UsageError(`${shown}: the file is larger than 5 MB; is it really a story?`);
  const text = await readFile(file, 'utf8');
  const ext = path.extname(file).toLowerCase();
  const lower = file.toLowerCase();
  let story: Story;
  if (lower.endsWith('.feature.md')) {
    story = parseGherkinStory(text, { file: shown, markdown: true });
  } else if (ext === '.feature') {
    story = parseGherkinStory(text, { file: shown });
  } else if (ext === '.json') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${shown}: not valid JSON: ${(error as Error).message}`);
    }
    story = parseJiraIssueStory(json, { ...options, file: shown });
  } else if (ext === '.md' || ext === '.markdown' || ext === '.txt' || ext === '') {
    story = parseMarkdownStory(text, { file: shown });
  } else {
    throw new UsageError(
      `${shown}: unknown story format '${ext}'; use a Markdown file (.md), a Gherkin feature (.feature, .feature.md) or a Jira issue JSON (.json)`,
    );
  }
  if (story.criteria.length === 0) throw new UsageError(noCriteriaMessage(story, shown, ext === '.json'));
  return story;
}
