import { UsageError } from '../../errors/usage-error.js';
import type { Root } from 'mdast';
import { adfToMarkdown, type AdfNode } from '../adf/adf-to-markdown.js';
import { adfToMdast } from '../adf/adf-to-mdast.js';
import { extractFromBlocks } from './criteria.js';
import { parseMarkdownTree } from './markdown-tree.js';
import { readStoryCriteria, storyFrom } from './markdown-story.js';
import { readSections } from './sections.js';
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
 * criteria" section of the description (as in a Markdown story). ADF is read as
 * a tree (`adfToMdast`): panels, expands, quotes and media are context, never criteria.
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

  const toAdf = (value: unknown, path: string): AdfNode | string | undefined => {
    if (value === null || value === undefined) return undefined;
    let v: unknown = value;
    if (typeof v === 'string') {
      if (!v.trim().startsWith('{')) return v; // Jira v2 fields and plain text fields are text already.
      try {
        v = JSON.parse(v) as unknown;
      } catch (error) {
        throw new UsageError(`${where}: '${path}' is not Atlassian Document Format: ${(error as Error).message}`);
      }
    }
    if (!isRecord(v) || typeof v.type !== 'string')
      throw new UsageError(`${where}: '${path}' is not Atlassian Document Format: expected an object with a "type"`);
    return v as unknown as AdfNode;
  };
  const description = toAdf(fields.description, 'fields.description');
  const descriptionMd = (adf: AdfNode | string | undefined): string => (adf === undefined ? '' : adfToMarkdown(adf));
  const acId = fieldId(issue, fields, options.acceptanceCriteriaField, where);
  const acField = acId ? toAdf(fields[acId], `fields.${acId}`) : undefined;
  const source = { kind: 'jira' as const, key, ...(options.file ? { file: options.file } : {}) };
  const base = { key, title: summary.trim(), source };

  if (acField !== undefined && descriptionMd(acField).trim() !== '') {
    // The whole field is the criteria; its sub-headings are context, its "Out of scope" is not criteria.
    const tree = treeOf(acField);
    const sections = readSections(tree.root, { title: false });
    const blocks = sections.blocks.filter((b) => b.kind === 'criteria' || b.kind === 'other' || b.kind === 'story');
    const extraction = extractFromBlocks(
      blocks.map((b) => ({ node: b.node, context: b.context })),
      { allSentences: true, source: tree.source },
    );
    const hints = readStoryCriteria(readSections(treeOf(description ?? '').root, { title: false }), undefined).testing;
    const warnings = [...extraction.warnings];
    if (extraction.criteria.length === 0)
      warnings.unshift(
        extraction.placeholders.length > 0
          ? `the field ${acId} holds only a placeholder ("${extraction.placeholders[0]}"), no criteria`
          : `the field ${acId} holds no criteria`,
      );
    return storyFrom(
      { ...base, description: descriptionMd(description) },
      { extraction, testing: hints, criteriaIndexes: new Set(), warnings },
    );
  }
  // No field: the criteria may be a section of the description.
  const tree = treeOf(description ?? '');
  const reading = readStoryCriteria(readSections(tree.root, { title: false }), tree.source);
  const rest =
    typeof description === 'object'
      ? adfToMarkdown({ ...description, content: (description.content ?? []).filter((_, k) => !reading.criteriaIndexes.has(k)) })
      : descriptionMd(description);
  return storyFrom({ ...base, description: rest }, reading);
}

/** The tree of a field: ADF converted node by node, plain text parsed as Markdown. */
function treeOf(value: AdfNode | string): { root: Root; source?: string } {
  if (typeof value === 'string') {
    const source = value.replace(/\r\n?/g, '\n');
    return { root: parseMarkdownTree(source), source };
  }
  return { root: adfToMdast(value) };
}
