import { UsageError } from '../../errors/usage-error.js';
import { cleanText, extractCriteria, numberCriteria, type CriterionDraft } from './criteria.js';
import { isGherkinStart } from './gherkin.js';
import type { Story, StorySource } from './story.js';

const JIRA_KEY_PREFIX = /^\[?([A-Z][A-Z0-9_]+-[1-9][0-9]*)\]?\s*[:\-–—]?\s*(.*)$/;
/** Headings (or a paragraph ending in a colon) that open the acceptance criteria. */
const AC_HEADING = /^(acceptance[\s-]*criteria|acceptance[\s-]*tests?|criteria|definition of done|scenarios|AC)\s*:?\s*$/i;

interface Heading {
  line: number;
  level: number;
  text: string;
}

/** Splits `SHOP-207: Apply coupons` into a key and a title. */
export function splitKeyFromTitle(title: string): { key?: string; title: string } {
  const m = JIRA_KEY_PREFIX.exec(title.trim());
  if (m && m[2]) return { key: m[1] as string, title: m[2].trim() };
  return { title: title.trim() };
}

/**
 * Parses a Markdown story. The title is the first `#` heading (a leading Jira
 * key such as `SHOP-207:` becomes the story key). Criteria come from the
 * section under a heading like "Acceptance criteria" (up to the next heading of
 * the same or a higher level), or a paragraph line "Acceptance criteria:"; without
 * either, from Gherkin scenarios anywhere and then from normative sentences
 * ("must", "should", "cannot"...) of the whole text.
 */
export function parseMarkdownStory(
  markdown: string,
  options: { file?: string; key?: string; title?: string; source?: StorySource } = {},
): Story {
  const text = markdown.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const lines = text.split('\n');
  const headings: Heading[] = [];
  let inFence = false;
  lines.forEach((line, k) => {
    if (/^\s*```/.test(line)) inFence = !inFence;
    const m = inFence ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (m) headings.push({ line: k, level: (m[1] ?? '').length, text: m[2] ?? '' });
  });
  const titleHeading = headings.find((h) => h.level === 1) ?? headings[0];
  const split = splitKeyFromTitle(options.title ?? (titleHeading ? cleanText(titleHeading.text) : ''));
  const key = options.key ?? split.key;
  const title = split.title || (options.file ? options.file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') : 'Untitled story');

  // Find the acceptance-criteria section.
  let start = -1;
  let end = lines.length;
  const acHeading = headings.find((h) => h !== titleHeading && AC_HEADING.test(cleanText(h.text)));
  if (acHeading) {
    start = acHeading.line + 1;
    const next = headings.find((h) => h.line > acHeading.line && h.level <= acHeading.level);
    end = next ? next.line : lines.length;
  } else {
    const para = lines.findIndex((l) => AC_HEADING.test(cleanText(l.replace(/^\*\*|\*\*$/g, ''))) && /:\s*(\*\*)?\s*$/.test(l));
    if (para >= 0) {
      start = para + 1;
      const next = headings.find((h) => h.line > para);
      end = next ? next.line : lines.length;
    }
  }

  let drafts: CriterionDraft[];
  let descriptionLines: string[];
  const body = lines.filter((_, k) => k !== titleHeading?.line);
  if (start >= 0) {
    drafts = extractCriteria(lines.slice(start, end).join('\n'), { allSentences: true });
    const headingLine = acHeading ? acHeading.line : start - 1;
    descriptionLines = lines.filter((_, k) => k !== titleHeading?.line && (k < headingLine || k >= end));
  } else {
    // No section: Gherkin scenarios anywhere, else normative sentences of the whole text.
    const gherkinStart = lines.findIndex((l) => isGherkinStart(l));
    if (gherkinStart >= 0) {
      drafts = extractCriteria(lines.slice(gherkinStart).join('\n'));
      descriptionLines = lines.slice(0, gherkinStart).filter((_, k) => k !== titleHeading?.line);
    } else {
      drafts = extractCriteria(body.filter((l) => !/^#{1,6}\s/.test(l)).join('\n')).filter(
        (d) => d.kind === 'sentence' || d.kind === 'gherkin' || /\b(must|should|cannot|shall)\b/i.test(d.text),
      );
      descriptionLines = body;
    }
  }
  const description = descriptionLines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const source: StorySource = options.source ?? { kind: 'markdown', ...(options.file ? { file: options.file } : {}) };
  return { ...(key ? { key } : {}), title, description, criteria: numberCriteria(drafts), source };
}

/** Parses a Markdown story and refuses one without criteria, naming the file. */
export function parseMarkdownStoryStrict(markdown: string, file: string): Story {
  const story = parseMarkdownStory(markdown, { file });
  if (story.criteria.length === 0) {
    throw new UsageError(
      `${file}: no acceptance criteria found; add a heading "## Acceptance criteria" with a numbered or bullet list, or Gherkin "Scenario:" blocks`,
    );
  }
  return story;
}
