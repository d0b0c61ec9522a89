import { UsageError } from '../../errors/usage-error.js';
import { numberCriteria, scenarioDraft, type CriterionDraft } from './criteria.js';
import { GherkinSyntaxError, parseGherkinText } from './gherkin.js';
import { splitKeyFromTitle } from './markdown-story.js';
import type { Story } from './story.js';

const JIRA_KEY_TAG = /^([A-Z][A-Z0-9_]+-[1-9][0-9]*)$/;

/**
 * A story from a Gherkin feature file (`.feature`, or Markdown with Gherkin `.feature.md`),
 * read by the official Cucumber parser in any language it knows: the feature name is the
 * title (a leading `SHOP-207:` or a tag `@SHOP-207` gives the key), its description the
 * story text, every scenario (inside `Rule:` blocks too) a criterion with its steps,
 * DataTables, DocStrings, `Examples:` blocks and tags. A syntax error names the line and column.
 */
export function parseGherkinStory(text: string, options: { file?: string; markdown?: boolean } = {}): Story {
  const where = options.file ?? 'feature';
  let feature;
  try {
    feature = parseGherkinText(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), { markdown: options.markdown });
  } catch (error) {
    if (error instanceof GherkinSyntaxError) throw new UsageError(`${where}:${error.line}:${error.column} ${error.message}`);
    throw error;
  }
  const split = splitKeyFromTitle(feature.name);
  const tagKey = feature.tags.find((t) => JIRA_KEY_TAG.test(t));
  const key = split.key ?? tagKey;
  const title = split.title || (options.file ? options.file.replace(/^.*[\\/]/, '').replace(/\.feature(\.md)?$/i, '') : 'Untitled feature');
  const drafts: CriterionDraft[] = feature.scenarios.map((s) => scenarioDraft(s, [], tagKey ? [tagKey] : []));
  return {
    ...(key ? { key } : {}),
    title,
    description: feature.description,
    criteria: numberCriteria(drafts),
    source: { kind: 'gherkin', ...(options.file ? { file: options.file } : {}) },
    ...(drafts.length === 0 ? { warnings: [`the feature "${feature.name || title}" has no scenarios`] } : {}),
  };
}
