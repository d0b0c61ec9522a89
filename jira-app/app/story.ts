import { hashOf, parseJiraIssueStory, type JiraClient, type Story as CoreStory } from '@casewright/core';

/** A story as the panel and the generator see it: core's story plus what the app needs. */
export interface Story {
  key: string;
  projectKey: string;
  summary: string;
  description: string;
  criteria: Array<{ id: string; text: string }>;
  /** Changes when the acceptance criteria change: cases saved before are then "suspect". */
  criteriaHash: string;
  /** Core's story model (criteria kinds, Gherkin), what `generateCases` takes. */
  core: CoreStory;
}

/**
 * Reads a story through core's Jira story parser: summary, description (ADF to
 * Markdown) and acceptance criteria from the configured field (id or name,
 * resolved through `expand=names`; by default any field named like "Acceptance
 * criteria"), else from an "Acceptance criteria" section of the description.
 */
export async function readStory(client: JiraClient, key: string, acceptanceCriteriaField: string | undefined): Promise<Story> {
  const issue = await client.getIssue(key, { fields: ['*navigable'], expand: ['names'] });
  const core = parseJiraIssueStory(issue, { acceptanceCriteriaField, file: key });
  const criteria = core.criteria.map((c) => ({ id: c.id, text: c.text }));
  return {
    key: issue.key,
    projectKey: issue.key.replace(/-\d+$/, ''),
    summary: core.title,
    description: core.description,
    criteria,
    criteriaHash: hashOf(criteria.map((c) => c.text)),
    core,
  };
}
