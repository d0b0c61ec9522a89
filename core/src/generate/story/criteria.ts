import type { List, ListItem, Nodes, RootContent, Table } from 'mdast';
import { looksLikeGherkin, isGherkinLine, parseGherkinFragment, GherkinSyntaxError, type ParsedScenario } from './gherkin.js';
import { headingLabel, nodeText, oneLine, parseMarkdownTree, sourceSlice, type ContextData } from './markdown-tree.js';
import { classifyCandidate } from './not-criteria.js';
import type { AcceptanceCriterion, CriterionKind, GherkinScenario, Untestable } from './story.js';

/** A criterion before it gets its id. */
export interface CriterionDraft {
  text: string;
  kind: CriterionKind;
  gherkin?: GherkinScenario | undefined;
  context?: string[] | undefined;
  tags?: string[] | undefined;
  data?: string[] | undefined;
}

/** What reading a criteria section found. */
export interface Extraction {
  criteria: CriterionDraft[];
  untestable: Untestable[];
  /** Placeholder lines ("- [ ] ...", "TBD") that were not criteria. */
  placeholders: string[];
  /** Problems worth telling the author (a Gherkin block that does not parse). */
  warnings: string[];
}

/** A block of a criteria section with the sub-headings it sits under. */
export interface CriteriaBlock {
  node: RootContent;
  context: readonly string[];
}

export interface ExtractOptions {
  /**
   * Every sentence of a paragraph is a candidate (true inside an "Acceptance criteria"
   * section or field, where the author said so); otherwise only normative sentences count.
   */
  allSentences?: boolean | undefined;
  /** Only normative lines ("must", "should", "cannot"...) count, list items too: for stories without a criteria section. */
  normativeOnly?: boolean | undefined;
  /** The Markdown the blocks were parsed from: Gherkin is read from it as written. */
  source?: string | undefined;
}

/** Words that make a free sentence a requirement. */
const NORMATIVE =
  /\b(must|shall|should|cannot|can ?not|can't|may not|must not|never|is required|are required|has to|have to|needs? to|at least|at most|no more than)\b/i;
/** "AC1:", "AC-2 -", "3)" labels some teams put before criteria written as lines. */
const LINE_LABEL = /^(?:(?:AC|A\.C\.|criterion|req)\s*-?\s*\d+|\d+)\s*[:.)\-–]\s+/i;
/** A list intro that says nothing about what follows ("Further rules:", "The following must hold:"). */
const GENERIC_INTRO =
  /\b(rules?|criteria|requirements?|following|below|above|also|additionally|further|more|other|additional|must|should|shall|conditions?|checks?|scenarios?|cases?|these|this|we|i|it|that)\b/i;

/** Splits prose into sentences, keeping abbreviations like "e.g." and decimals together. */
export function splitSentences(text: string): string[] {
  const protectedText = text.replace(/\b(e\.g|i\.e|etc|vs|approx|incl|min|max|no)\./gi, (m) => m.replace(/\./g, '\uE000'));
  return protectedText
    .split(/(?<=[.!?])\s+(?=[A-Z"“(])/)
    .map((s) => s.replace(/\uE000/g, '.').trim())
    .filter((s) => s.length > 0);
}

/** Collapses whitespace and strips leftover Markdown emphasis so ids and matching do not depend on formatting. */
export function cleanText(text: string): string {
  return oneLine(text)
    .replace(/^\[[ xX]\]\s+/, '')
    .replace(LINE_LABEL, '')
    .trim();
}

/**
 * A Gherkin scenario as a criterion: the one-line scenario as text (after its context and
 * `Rule:`), the parsed steps, its tags (less `omitTags`), and the scenario as written as
 * data when it has DataTables or DocStrings.
 */
export function scenarioDraft(s: ParsedScenario, context: readonly string[], omitTags: readonly string[] = []): CriterionDraft {
  const { text: line, tags, source, line: _line, ...gherkin } = s;
  void _line;
  const ctx = [...context, ...(s.rule ? [s.rule] : [])].filter(Boolean);
  const ownTags = tags.filter((t) => !omitTags.includes(t));
  return {
    text: ctx.length > 0 ? `${ctx.join(' → ')} → ${line}` : line,
    kind: 'gherkin',
    gherkin,
    ...(ctx.length > 0 ? { context: ctx } : {}),
    ...(ownTags.length > 0 ? { tags: ownTags } : {}),
    ...((s.steps ?? []).some((st) => st.dataTable || st.docString) ? { data: [source] } : {}),
  };
}

class Collector {
  readonly out: Extraction = { criteria: [], untestable: [], placeholders: [], warnings: [] };
  constructor(private readonly options: ExtractOptions) {}

  add(raw: string, kind: CriterionKind, context: readonly string[], data?: string[]): void {
    const text = cleanText(raw);
    const cls = classifyCandidate(text);
    if (cls === 'placeholder') {
      this.out.placeholders.push(oneLine(raw) || '(empty)');
      return;
    }
    if (cls === 'task') {
      this.out.untestable.push({ text, reason: 'development-task' });
      return;
    }
    if (cls !== 'criterion') return;
    if (!NORMATIVE.test(text) && (this.options.normativeOnly || (!this.options.allSentences && kind === 'sentence'))) return;
    const ctx = context.map((c) => c.replace(/:$/, '').trim()).filter(Boolean);
    this.out.criteria.push({
      text: ctx.length > 0 ? `${ctx.join(' → ')} → ${text}` : text,
      kind,
      ...(ctx.length > 0 ? { context: ctx } : {}),
      ...(data && data.length > 0 ? { data } : {}),
    });
  }

  gherkin(text: string, context: readonly string[]): boolean {
    let feature;
    try {
      feature = parseGherkinFragment(text);
    } catch (error) {
      if (error instanceof GherkinSyntaxError) {
        this.out.warnings.push(`a Gherkin block does not parse (line ${error.line} of the block: ${error.message}); read as text`);
        return false;
      }
      throw error;
    }
    for (const s of feature.scenarios) this.out.criteria.push(scenarioDraft(s, context));
    return feature.scenarios.length > 0;
  }
}

function isContextNode(node: Nodes): boolean {
  const data = (node as { data?: ContextData }).data;
  return data?.casewrightContext !== undefined;
}

function itemText(item: ListItem): string {
  return item.children
    .filter((c) => c.type !== 'list' && c.type !== 'code' && c.type !== 'table' && c.type !== 'blockquote' && !isContextNode(c))
    .map((c) => oneLine(nodeText(c)))
    .join(' ');
}

function readList(list: List, context: readonly string[], c: Collector): void {
  for (const item of list.children) {
    const text = itemText(item);
    const nested = item.children.filter((n): n is List => n.type === 'list');
    const data = item.children.filter((n) => n.type === 'code').map((n) => (n as { value: string }).value);
    const nestedTexts = nested.flatMap((l) => l.children.map(itemText));
    if (
      nested.length > 0 &&
      !/:\s*$/.test(text) &&
      nestedTexts.every((t) => classifyCandidate(t) !== 'criterion' && classifyCandidate(t) !== 'task')
    ) {
      // "1. Offline, the app shows the last list" with a nested "Note: …": the item is the criterion.
      c.add(text, list.ordered ? 'numbered' : 'bullet', context, data);
      continue;
    }
    if (nested.length > 0) {
      // The parent of a nested list is context of its children ("Report columns → Email").
      const label = oneLine(text).replace(/[:.]$/, '');
      const cls = label === '' ? 'placeholder' : classifyCandidate(label);
      const ctx = cls === 'criterion' || cls === 'placeholder' ? (label ? [...context, label] : context) : undefined;
      if (ctx) for (const l of nested) readList(l, ctx, c);
      continue;
    }
    for (const t of item.children.filter((n): n is Table => n.type === 'table')) readTable(t, [...context, oneLine(text)], c);
    if (item.children.some((n) => n.type === 'table') && text.trim().endsWith(':')) continue;
    c.add(text, list.ordered ? 'numbered' : 'bullet', context, data);
  }
}

/**
 * Table rows become criteria. A column named like "criterion", "acceptance", "rule" or
 * "requirement" is the text; otherwise each row reads "header: value; ...". Id, status and
 * owner columns are dropped (our ids are positional).
 */
function readTable(table: Table, context: readonly string[], c: Collector): void {
  const rows = table.children.map((r) => r.children.map((cell) => oneLine(nodeText(cell))));
  const [header, ...body] = rows;
  if (!header) return;
  if (body.length === 0) {
    if (header.some(Boolean)) c.add(header.filter(Boolean).join('; '), 'table', context);
    return;
  }
  const isAside = (h: string) => /^(id|#|no\.?|ac|key|status|done|owner|assignee|priority|estimate|points|ticket|link|jira)$/i.test(h);
  const main = header.findIndex((h) => /criteri|acceptance|requirement|^rules?$|^description$/i.test(h));
  const onlyAsidesBesides = header.every((h, k) => k === main || isAside(h) || h === '');
  for (const row of body) {
    if (main >= 0 && onlyAsidesBesides) {
      c.add(row[main] ?? '', 'table', context);
      continue;
    }
    const parts = header.map((h, k) => [h, row[k] ?? ''] as const).filter(([h, v]) => v !== '' && !isAside(h));
    c.add(parts.map(([h, v]) => (h ? `${h}: ${v}` : v)).join('; '), 'table', context);
  }
}

function readParagraph(node: RootContent, context: readonly string[], c: Collector): void {
  const raw = nodeText(node as Nodes).trim();
  if (raw === '') return;
  const lines = raw
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const hasBreaks = 'children' in node && (node.children as Nodes[]).some((n) => n.type === 'break');
  const labelled = lines.filter((l) => LINE_LABEL.test(l) || /^[-*•]\s/.test(l)).length;
  const lineWise = lines.length > 1 && (hasBreaks || labelled >= 2 || lines.every((l) => /[.!?:)"”]$/.test(l)));
  const units = lineWise ? lines.map((l) => l.replace(/^[-*•]\s+/, '')) : splitSentences(oneLine(raw));
  for (const unit of units) {
    if (unit.endsWith(':')) continue;
    c.add(unit, 'sentence', context);
  }
}

/** A short paragraph ending in ":" that names what the next list or table is about ("Report columns:"). */
function introLabel(node: RootContent): string | undefined {
  if (node.type !== 'paragraph') return undefined;
  const text = oneLine(nodeText(node));
  if (!text.endsWith(':')) return undefined;
  const label = text.replace(/:$/, '').trim();
  if (label.split(/\s+/).length > 5 || GENERIC_INTRO.test(label)) return '';
  return headingLabel(label);
}

/**
 * Reads the blocks of a criteria section: Gherkin (fenced or written as text), numbered,
 * bullet and task lists (a nested item keeps its parents as context), tables, and the
 * sentences of paragraphs. Quotes, panels, expands and HTML comments are context and never
 * criteria; the "As a … I want …" sentence, notes, out-of-scope lines, template
 * instructions and placeholders are skipped; development tasks are listed as not testable.
 */
export function extractFromBlocks(blocks: readonly CriteriaBlock[], options: ExtractOptions = {}): Extraction {
  const c = new Collector(options);
  let intro: { label: string; context: readonly string[] } | undefined;
  for (let i = 0; i < blocks.length; i++) {
    const { node, context: baseContext } = blocks[i] as CriteriaBlock;
    const context =
      intro && intro.context.join('\u0001') === baseContext.join('\u0001') && intro.label ? [...baseContext, intro.label] : baseContext;
    const introHere = introLabel(node);
    intro = undefined;
    if (isContextNode(node)) continue;
    switch (node.type) {
      case 'code': {
        const fenced = /^(gherkin|feature|cucumber)$/i.test(node.lang ?? '');
        if ((fenced || looksLikeGherkin(node.value)) && c.gherkin(node.value, context)) break;
        // Other code blocks are data of the criterion before them.
        const last = c.out.criteria[c.out.criteria.length - 1];
        if (last) last.data = [...(last.data ?? []), node.value];
        break;
      }
      case 'paragraph': {
        const text = sourceSlice(options.source, node) ?? nodeText(node);
        if (text.split('\n').some((l) => isGherkinLine(l) && l.trim() !== '' && !/^(\||@|#)/.test(l.trim()))) {
          // Gherkin written as text: this paragraph and the blocks after it that continue it.
          let j = i;
          const parts: string[] = [];
          while (j < blocks.length) {
            const b = (blocks[j] as CriteriaBlock).node;
            const t = sourceSlice(options.source, b) ?? nodeText(b as Nodes);
            if (!(b.type === 'paragraph' || b.type === 'code' || b.type === 'table' || b.type === 'html')) break;
            if (!t.split('\n').every(isGherkinLine)) break;
            parts.push(t);
            j++;
          }
          const start = blocks[i]?.node.position?.start.offset;
          const end = blocks[j - 1]?.node.position?.end.offset;
          const joined =
            options.source !== undefined && start !== undefined && end !== undefined ? options.source.slice(start, end) : parts.join('\n');
          if (j > i && looksLikeGherkin(joined) && c.gherkin(joined, context)) {
            i = j - 1;
            break;
          }
        }
        if (introHere !== undefined) break;
        readParagraph(node, context, c);
        break;
      }
      case 'list':
        readList(node, context, c);
        break;
      case 'table':
        readTable(node, context, c);
        break;
      case 'html': {
        // HTML from tools that export it (Azure DevOps: "<div>1. The page shows …</div>"): its text, line by line.
        // Comments (issue-template instructions) are never criteria.
        const text = htmlText(node.value);
        if (text) for (const line of text.split('\n')) if (line.trim() && !line.trim().endsWith(':')) c.add(line, 'sentence', context);
        break;
      }
      default:
        // Headings, quotes (GitHub alerts, Jira panels), rules, definitions: not criteria.
        break;
    }
    if (introHere !== undefined && node.type === 'paragraph') intro = { label: introHere, context: baseContext };
  }
  return c.out;
}

/**
 * Extracts acceptance criteria from the Markdown of an acceptance-criteria section
 * (see `extractFromBlocks`); sub-headings become context.
 */
export function extractCriteria(markdown: string, options: ExtractOptions = {}): CriterionDraft[] {
  const source = markdown.replace(/\r\n?/g, '\n');
  const root = parseMarkdownTree(source);
  const blocks: CriteriaBlock[] = [];
  let context: string[] = [];
  for (const node of root.children) {
    if (node.type === 'heading') {
      context = [headingLabel(nodeText(node))];
      continue;
    }
    blocks.push({ node, context });
  }
  return extractFromBlocks(blocks, { ...options, source }).criteria;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** The text of an HTML block: comments dropped, block tags as line breaks, other tags removed, common entities decoded. */
export function htmlText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(-->|$)/g, '')
    .replace(/<\/?(div|p|li|br|tr|h[1-6]|ul|ol)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(amp|lt|gt|quot|apos|nbsp);/g, (_m, e: string) => ENTITIES[e] ?? '')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** Gives drafts their positional ids `AC-1`, `AC-2`... */
export function numberCriteria(drafts: readonly CriterionDraft[]): AcceptanceCriterion[] {
  return drafts.map((d, k) => ({
    id: `AC-${k + 1}`,
    text: d.text,
    kind: d.kind,
    ...(d.gherkin ? { gherkin: d.gherkin } : {}),
    ...(d.context && d.context.length > 0 ? { context: d.context } : {}),
    ...(d.tags && d.tags.length > 0 ? { tags: d.tags } : {}),
    ...(d.data && d.data.length > 0 ? { data: d.data } : {}),
  }));
}

/** The criterion without the context written before it: "Report columns → Email" → "Email". */
export function criterionStatement(c: Pick<AcceptanceCriterion, 'text' | 'context'>): string {
  const prefix = c.context && c.context.length > 0 ? `${c.context.join(' → ')} → ` : '';
  return prefix && c.text.startsWith(prefix) ? c.text.slice(prefix.length) : c.text;
}
