import type { Root, RootContent } from 'mdast';
import { UsageError } from '../../errors/usage-error.js';
import { extractFromBlocks, numberCriteria, type CriteriaBlock, type Extraction } from './criteria.js';
import { nodeText, oneLine, parseMarkdownTree } from './markdown-tree.js';
import { readSections, type StoryBlock, type StoryHeading, type StorySections } from './sections.js';
import type { Story, StorySource, TestingHints } from './story.js';

const JIRA_KEY_PREFIX = /^\[?([A-Z][A-Z0-9_]+-[1-9][0-9]*)\]?\s*[:\-–—]?\s*(.*)$/;

/** Splits `SHOP-207: Apply coupons` into a key and a title. */
export function splitKeyFromTitle(title: string): { key?: string; title: string } {
  const m = JIRA_KEY_PREFIX.exec(title.trim());
  if (m && m[2]) return { key: m[1] as string, title: m[2].trim() };
  return { title: title.trim() };
}

/** A title without issue-template tags ("[Feature]: ") and emoji ("🚀 Dark mode"). */
function cleanTitle(title: string): string {
  return title
    .replace(/^\s*\[(feature|bug|story|request|enhancement|epic|task|chore|rfc|idea)\]\s*:?\s*/i, '')
    .replace(/:[a-z0-9_+-]+:|\p{Extended_Pictographic}|\u{FE0F}|\u{200D}/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** What reading the criteria of a story tree gives (shared by Markdown and Jira stories). */
export interface StoryReading {
  extraction: Extraction;
  testing?: TestingHints | undefined;
  /** Top-level node indexes that belong to the criteria (for the description without them). */
  criteriaIndexes: Set<number>;
  warnings: string[];
}

const toBlocks = (blocks: readonly StoryBlock[]): CriteriaBlock[] => blocks.map((b) => ({ node: b.node, context: b.context }));

function lineOf(h: StoryHeading | undefined): string {
  return h?.line !== undefined ? ` (line ${h.line})` : '';
}

/** Steps, expected results and data from "Steps to reproduce", "How to test", "QA", "Expected behaviour". */
function testingHints(blocks: readonly StoryBlock[], withExpected: boolean): TestingHints | undefined {
  const hints: TestingHints = { steps: [], expected: [], data: [] };
  for (const b of blocks) {
    const target = b.kind === 'steps' ? hints.steps : b.kind === 'expected' && withExpected ? hints.expected : undefined;
    if (!target) continue;
    const node = b.node;
    if (node.type === 'code') hints.data.push(node.value);
    else if (node.type === 'list') {
      for (const item of node.children) {
        const text = oneLine(
          item.children
            .filter((c) => c.type !== 'list' && c.type !== 'code')
            .map((c) => nodeText(c))
            .join(' '),
        );
        if (text) target.push(text);
        for (const c of item.children) if (c.type === 'code') hints.data.push(c.value);
      }
    } else if (node.type === 'paragraph') {
      // A line ending in ":" introduces data or a list ("Test coupons:"); it is not a step.
      for (const line of nodeText(node).split('\n')) if (oneLine(line) && !oneLine(line).endsWith(':')) target.push(oneLine(line));
    } else if (node.type === 'table') {
      hints.data.push(node.children.map((r) => `| ${r.children.map((c) => oneLine(nodeText(c))).join(' | ')} |`).join('\n'));
    }
  }
  const useful = hints.steps.length + hints.expected.length + hints.data.length > 0;
  return useful ? hints : undefined;
}

/**
 * Reads the criteria of a story tree. From the criteria sections when the story has any
 * ("Acceptance criteria", "AC:", "**Acceptance Criteria**", "Scenarios"...). Without one:
 * Gherkin scenarios anywhere, else the "Expected behaviour" of a bug report, else the
 * normative sentences ("must", "should", "cannot") outside notes, tasks and checklists.
 * An empty or placeholder criteria section gives no criteria and a warning that says so.
 */
export function readStoryCriteria(sections: StorySections, source: string | undefined): StoryReading {
  const warnings: string[] = [];
  const criteriaHeadings = sections.headings.filter((h) => h.kind === 'criteria');
  const criteriaBlocks = sections.blocks.filter((b) => b.kind === 'criteria');
  const indexes = (blocks: readonly StoryBlock[]) => new Set([...blocks.map((b) => b.index), ...criteriaHeadings.map((h) => h.index)]);
  let extraction: Extraction | undefined;
  let used: StoryBlock[] = [];
  if (criteriaHeadings.length > 0) {
    extraction = extractFromBlocks(toBlocks(criteriaBlocks), { allSentences: true, source });
    used = criteriaBlocks;
    if (extraction.criteria.length === 0) {
      const h = criteriaHeadings[0];
      const where = `the "${h?.label ?? 'Acceptance criteria'}" section${lineOf(h)}`;
      if (extraction.placeholders.length > 0)
        warnings.push(`${where} holds only a placeholder ("${extraction.placeholders[0]}"), no criteria`);
      else if (extraction.untestable.length > 0)
        warnings.push(`${where} lists only development tasks, nothing testable as written ("${extraction.untestable[0]?.text}")`);
      else warnings.push(`${where} is empty`);
    }
  }
  const looseKinds = new Set(['story', 'other']);
  if (!extraction || extraction.criteria.length === 0) {
    // Gherkin anywhere outside notes and checklists.
    const loose = sections.blocks.filter((b) => looseKinds.has(b.kind) || b.kind === 'expected');
    const gherkin = extractFromBlocks(toBlocks(loose), { allSentences: false, source });
    const scenarios = gherkin.criteria.filter((c) => c.kind === 'gherkin');
    if (scenarios.length > 0) {
      extraction = { ...gherkin, criteria: scenarios, untestable: extraction?.untestable ?? [] };
      // The scenarios stay in the description too: they sit among its text.
      used = [];
      warnings.length = 0;
    }
  }
  if (!extraction) {
    // A bug report: what must be true after the fix.
    const expected = sections.blocks.filter((b) => b.kind === 'expected');
    const fromExpected = expected.length > 0 ? extractFromBlocks(toBlocks(expected), { allSentences: true, source }) : undefined;
    if (fromExpected && fromExpected.criteria.length > 0) {
      extraction = fromExpected;
      used = expected;
    }
  }
  if (!extraction) {
    const loose = sections.blocks.filter((b) => looseKinds.has(b.kind));
    extraction = extractFromBlocks(toBlocks(loose), { allSentences: false, normativeOnly: true, source });
    // Only criteria come from here; the blocks stay in the description.
    extraction.untestable = [];
    used = [];
  }
  const expectedAreCriteria = used.some((b) => b.kind === 'expected');
  return {
    extraction,
    testing: testingHints(sections.blocks, !expectedAreCriteria),
    criteriaIndexes: indexes(used),
    warnings: [...warnings, ...extraction.warnings],
  };
}

function stripFrontMatter(text: string): { body: string; title?: string } {
  const m = /^---\n([\s\S]*?)\n---[ \t]*(\n|$)/.exec(text);
  if (!m) return { body: text };
  const title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(m[1] ?? '')?.[1];
  // Blank lines keep the line numbers of what follows.
  return { body: '\n'.repeat((m[0].match(/\n/g) ?? []).length) + text.slice(m[0].length), ...(title ? { title } : {}) };
}

/** The Markdown without the title and the criteria sections, as the story's description. */
function descriptionWithout(text: string, root: Root, remove: ReadonlySet<number>): string {
  const ranges: Array<[number, number]> = [];
  root.children.forEach((node: RootContent, k) => {
    if (!remove.has(k)) return;
    const s = node.position?.start.offset;
    const e = node.position?.end.offset;
    if (s !== undefined && e !== undefined) ranges.push([s, e]);
  });
  let out = '';
  let at = 0;
  for (const [s, e] of ranges) {
    out += text.slice(at, s);
    at = e;
  }
  out += text.slice(at);
  return out
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Parses a Markdown story with a Markdown parser (CommonMark + GitHub Flavored Markdown).
 * The title is the first `#` heading (a leading Jira key such as `SHOP-207:` becomes the
 * story key). Criteria: see `readStoryCriteria`; headings in all their forms (ATX, setext,
 * bold lines, "AC:" lines, with emoji); HTML comments, notes and checklists are skipped.
 */
export function parseMarkdownStory(
  markdown: string,
  options: { file?: string; key?: string; title?: string; source?: StorySource } = {},
): Story {
  const normalised = markdown.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const { body: text, title: frontTitle } = stripFrontMatter(normalised);
  const root = parseMarkdownTree(text);
  const sections = readSections(root);
  const split = splitKeyFromTitle(cleanTitle(options.title ?? sections.title?.text ?? frontTitle ?? ''));
  const key = options.key ?? split.key;
  const title = split.title || (options.file ? options.file.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '') : 'Untitled story');
  const reading = readStoryCriteria(sections, text);
  const remove = new Set(reading.criteriaIndexes);
  if (sections.title) remove.add(sections.title.index);
  const description = descriptionWithout(text, root, remove);
  const source: StorySource = options.source ?? { kind: 'markdown', ...(options.file ? { file: options.file } : {}) };
  return storyFrom({ key, title, description, source }, reading);
}

/** Assembles a story from its parts and what reading its criteria gave. */
export function storyFrom(
  base: { key?: string | undefined; title: string; description: string; source: StorySource },
  reading: StoryReading,
): Story {
  const { extraction } = reading;
  return {
    ...(base.key ? { key: base.key } : {}),
    title: base.title,
    description: base.description,
    criteria: numberCriteria(extraction.criteria),
    source: base.source,
    ...(extraction.untestable.length > 0 ? { untestable: extraction.untestable } : {}),
    ...(reading.testing ? { testing: reading.testing } : {}),
    ...(reading.warnings.length > 0 ? { warnings: reading.warnings } : {}),
  };
}

/** The message for a story without criteria: what was found, and how to add them. */
export function noCriteriaMessage(story: Story, where: string, jira = false): string {
  const why = story.warnings?.[0];
  const example = 'one criterion per list item, e.g. "- The reset link expires after 30 minutes"';
  const how = jira
    ? `fill its "Acceptance criteria" field (${example}; or set jira.acceptanceCriteriaField in casewright.config.yaml) or add an "Acceptance criteria" section to the description`
    : why
      ? `write the criteria under it, ${example}, or Gherkin "Scenario:" blocks`
      : `add a heading "## Acceptance criteria" with ${example}, or Gherkin "Scenario:" blocks`;
  return `${where}: no acceptance criteria found${why ? `: ${why}` : ''}; ${how}`;
}

/** Parses a Markdown story and refuses one without criteria, naming the file. */
export function parseMarkdownStoryStrict(markdown: string, file: string): Story {
  const story = parseMarkdownStory(markdown, { file });
  if (story.criteria.length === 0) throw new UsageError(noCriteriaMessage(story, file));
  return story;
}
