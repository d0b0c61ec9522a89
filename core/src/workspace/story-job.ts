import { UsageError } from '../errors/usage-error.js';
import { JiraKeySchema } from '../model/common.js';
import { hashOf } from '../connectors/jira/case-mapping.js';
import { parseJiraIssueStory } from '../generate/story/jira-story.js';
import { loadStoryFile } from '../generate/story/load-story.js';
import { noCriteriaMessage } from '../generate/story/markdown-story.js';
import type { Story } from '../generate/story/story.js';
import type { Workspace } from './workspace.js';

/** Where a story comes from: a file in the workspace (Markdown, Jira issue JSON, ...) or a Jira issue. */
export type StoryInput = { file: string; shown?: string | undefined } | { jiraKey: string };

export interface ReadStoryOptions {
  /** Refuse a Jira story without acceptance criteria (default true; the Jira panel shows such stories too). Story files always need them. */
  requireCriteria?: boolean | undefined;
}

/** A Jira issue key, or a `UsageError` that says what one looks like. */
export function checkJiraKey(key: string, what = 'the issue key'): string {
  if (!JiraKeySchema.safeParse(key).success) throw new UsageError(`${what} "${key}" must be a Jira issue key such as SHOP-123`);
  return key;
}

/** `SHOP-12` → `SHOP`. */
export function projectKeyOf(issueKey: string): string {
  return issueKey.replace(/-\d+$/, '');
}

/** Changes when the story's acceptance criteria change: cases saved before are then "suspect". */
export function criteriaHashOf(story: Story): string {
  return hashOf(story.criteria.map((c) => c.text));
}

/**
 * Reads a story: a story file through core's story loader (the format follows the file's
 * extension), or a Jira issue through the workspace's Jira client with `expand=names`, so
 * the acceptance-criteria field is found by name (`jira.acceptanceCriteriaField`, else any
 * field named like "Acceptance criteria", else a section of the description).
 */
export async function readStory(ws: Workspace, source: StoryInput, options: ReadStoryOptions = {}): Promise<Story> {
  const acceptanceCriteriaField = ws.config.jira?.acceptanceCriteriaField;
  if ('file' in source) {
    const file = ws.resolve(source.file);
    return loadStoryFile(file, { shown: source.shown ?? ws.shown(file), acceptanceCriteriaField });
  }
  const key = checkJiraKey(source.jiraKey);
  const issue = await (await ws.jira()).getIssue(key, { fields: ['*navigable'], expand: ['names'] });
  const story = parseJiraIssueStory(issue, { acceptanceCriteriaField, file: key });
  // Says what was found (an empty field, a placeholder, only development tasks) and how to add criteria.
  if (story.criteria.length === 0 && options.requireCriteria !== false) throw new UsageError(noCriteriaMessage(story, key, true));
  return story;
}
