import { UsageError } from '../../errors/usage-error.js';
import { adfToMarkdown } from '../adf/adf-to-markdown.js';
import { extractCriteria, numberCriteria } from './criteria.js';
import { parseMarkdownStory } from './markdown-story.js';
import type { Story } from './story.js';

export interface JiraStoryOptions {
  /**
   * The acceptance-criteria field, by id (`customfield_10050`) or by name
   * (`Acceptance criteria`, resolved through the response's `names`, i.e. `expand=names`).
   * Default: a field whose name contains "acceptance criteria", when `names` is present.
   */
  acceptanceCriteriaField?: string | undefined;
  /** Where the JSON came from, for errors and `source.file`. */
  file?: string | undefined;
}

const AC_NAME = /acceptance[\s_-]*criteria/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldId(
  issue: Record<string, unknown>,
  fields: Record<string, unknown>,
  wanted: string | undefined,
  where: string,
): string | undefined {
  const names = isRecord(issue.names) ? issue.names : undefined;
  if (wanted) {
    if (/^customfield_\d+$/.test(wanted) || wanted in fields) return wanted;
    const byName = names
      ? Object.entries(names).find(([, n]) => typeof n === 'string' && n.toLowerCase() === wanted.toLowerCase())?.[0]
      : undefined;
    if (!byName) {
      throw new UsageError(
        `${where}: no field named '${wanted}'${names ? '' : " (the issue JSON has no 'names'; fetch it with expand=names or give the field id, e.g. customfield_10050)"}`,
      );
    }
    return byName;
  }
  if (!names) return undefined;
  return Object.entries(names).find(([id, n]) => typeof n === 'string' && AC_NAME.test(n) && id in fields)?.[0];
}

/**
 * A story from a Jira issue as `GET /rest/api/3/issue/{key}` returns it
 * (optionally with `expand=names`): `key`, `fields.summary`, `fields.description`
 * (ADF) and an acceptance-criteria custom field (ADF or plain text). Criteria
 * come from that field; when it is absent or empty, from an "Acceptance
 * criteria" section of the description (as in a Markdown story).
 */
export function parseJiraIssueStory(issue: unknown, options: JiraStoryOptions = {}): Story {
  const where = options.file ?? 'Jira issue';
  if (!isRecord(issue)) throw new UsageError(`${where}: expected a Jira issue object (the JSON of GET /rest/api/3/issue/{key})`);
  const key = issue.key;
  if (typeof key !== 'string' || !/^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/.test(key)) {
    throw new UsageError(`${where}: 'key' must be a Jira issue key such as SHOP-123${key === undefined ? ' (missing)' : ''}`);
  }
  const fields = issue.fields;
  if (!isRecord(fields)) throw new UsageError(`${where}: 'fields' is missing; is this the JSON of GET /rest/api/3/issue/${key}?`);
  const summary = fields.summary;
  if (typeof summary !== 'string' || summary.trim() === '')
    throw new UsageError(`${where}: 'fields.summary' must be the issue's summary text`);

  const convert = (value: unknown, path: string): string => {
    try {
      return adfToMarkdown(value);
    } catch (error) {
      throw new UsageError(`${where}: '${path}' is not Atlassian Document Format: ${(error as Error).message}`);
    }
  };
  const descriptionMd = convert(fields.description, 'fields.description');
  const acId = fieldId(issue, fields, options.acceptanceCriteriaField, where);
  const acMd = acId ? convert(fields[acId], `fields.${acId}`) : '';
  const source = { kind: 'jira' as const, key, ...(options.file ? { file: options.file } : {}) };

  if (acMd.trim() !== '') {
    return {
      key,
      title: summary.trim(),
      description: descriptionMd,
      criteria: numberCriteria(extractCriteria(acMd, { allSentences: true })),
      source,
    };
  }
  // No field: the criteria may be a section of the description.
  const fromDescription = parseMarkdownStory(`# ${summary}\n\n${descriptionMd}`, { key, title: summary, source });
  return { ...fromDescription, key, title: summary.trim(), source };
}
