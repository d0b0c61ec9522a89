import { isGherkinStart, parseGherkin } from './gherkin.js';
import type { AcceptanceCriterion, CriterionKind, GherkinScenario } from './story.js';

/** A criterion before it gets its id. */
export interface CriterionDraft {
  text: string;
  kind: CriterionKind;
  gherkin?: GherkinScenario;
}

const NUMBERED = /^(\s*)(\d+)[.)]\s+(.*)$/;
const BULLET = /^(\s*)[-*+•]\s+(.*)$/;
const CHECKBOX = /^\[[ xX]\]\s+/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
/** Words that make a free sentence a requirement. */
const NORMATIVE =
  /\b(must|shall|should|cannot|can ?not|can't|may not|must not|never|always|only|is required|are required|has to|have to|needs? to|at least|at most|up to|within|no more than)\b/i;

/** Collapses whitespace and strips Markdown emphasis so ids and matching do not depend on formatting. */
export function cleanText(text: string): string {
  return text
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/__(.+?)__/g, '$1')
    .replace(/(^|\W)[*_](\S(?:.*?\S)?)[*_](?=\W|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function tableCells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => cleanText(c.replace(/\\\|/g, '|').replace(/<br\s*\/?>/gi, ' ')));
}

/** Splits prose into sentences, keeping abbreviations like "e.g." and decimals together. */
export function splitSentences(text: string): string[] {
  const protectedText = text.replace(/\b(e\.g|i\.e|etc|vs|approx)\./gi, (m) => m.replace(/\./g, '\uE000'));
  return protectedText
    .split(/(?<=[.!?])\s+(?=[A-Z"“])/)
    .map((s) => s.replace(/\uE000/g, '.').trim())
    .filter((s) => s.length > 0);
}

/**
 * Extracts acceptance criteria from the Markdown of an acceptance-criteria
 * section: Gherkin scenarios, numbered and bullet list items (nested items join
 * their parent), table rows, and normative sentences in paragraphs. A paragraph
 * that introduces a list ("Further rules:") is not a criterion.
 */
export interface ExtractOptions {
  /**
   * Every sentence of a paragraph is a criterion (true inside an "Acceptance criteria"
   * section or field, where the author said so); otherwise only normative sentences count.
   */
  allSentences?: boolean | undefined;
}

/** "AC1:", "AC-2 -", "3)" labels some teams put before criteria written as lines. */
const LINE_LABEL = /^(?:AC|A\.C\.|criterion)?\s*-?\s*\d+\s*[:.)\-–]\s+/i;

export function extractCriteria(markdown: string, options: ExtractOptions = {}): CriterionDraft[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const out: CriterionDraft[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '' || /^```/.test(t) || /^<!--.*-->$/.test(t) || /^#{1,6}\s/.test(t) || /^(-{3,}|\*{3,})$/.test(t)) {
      i++;
      continue;
    }
    if (isGherkinStart(t)) {
      const { scenarios, consumed } = parseGherkin(lines.slice(i));
      for (const s of scenarios) {
        const { text, ...gherkin } = s;
        out.push({ text: cleanText(text.split('\n').join(' ')), kind: 'gherkin', gherkin });
      }
      i += Math.max(consumed, 1);
      continue;
    }
    const item = NUMBERED.exec(line) ?? BULLET.exec(line);
    if (item) {
      const numbered = NUMBERED.test(line);
      const indent = (item[1] ?? '').length;
      let text = (numbered ? item[3] : item[2]) ?? '';
      const children: string[] = [];
      i++;
      // Continuation lines (indented deeper, not a new item) and nested items belong to this item.
      while (i < lines.length) {
        const next = lines[i] ?? '';
        if (next.trim() === '') {
          const after = lines[i + 1] ?? '';
          if (after.trim() !== '' && leadingSpaces(after) > indent && !isTopItem(after, indent)) {
            i++;
            continue;
          }
          break;
        }
        const nested = NUMBERED.exec(next) ?? BULLET.exec(next);
        if (nested && (nested[1] ?? '').length <= indent) break;
        if (nested) children.push(cleanText((NUMBERED.test(next) ? nested[3] : nested[2]) ?? ''));
        else if (leadingSpaces(next) > indent || !/^\s*\S/.test(next) || !isBlockStart(next)) {
          if (children.length > 0) children[children.length - 1] += ` ${next.trim()}`;
          else text += ` ${next.trim()}`;
        } else break;
        i++;
      }
      text = cleanText(text.replace(CHECKBOX, ''));
      if (children.length > 0) text = `${text.replace(/:$/, '')}: ${children.map((c) => cleanText(c).replace(/[.;]$/, '')).join('; ')}.`;
      if (text) out.push({ text, kind: numbered ? 'numbered' : 'bullet' });
      continue;
    }
    if (TABLE_ROW.test(line)) {
      const rows: string[][] = [];
      while (i < lines.length && TABLE_ROW.test(lines[i] ?? '')) {
        if (!TABLE_SEPARATOR.test(lines[i] ?? '')) rows.push(tableCells(lines[i] ?? ''));
        i++;
      }
      out.push(...tableCriteria(rows));
      continue;
    }
    // A paragraph: gather its lines, keep its normative sentences.
    const para: string[] = [];
    while (i < lines.length && (lines[i] ?? '').trim() !== '' && !isBlockStart(lines[i] ?? '')) {
      para.push((lines[i] ?? '').trim());
      i++;
    }
    if (para.length === 0) {
      i++;
      continue;
    }
    // Lines joined by hard breaks, or labelled "AC1:", are one criterion each; else split sentences.
    const rawLines = lines.slice(i - para.length, i);
    const lineWise = rawLines.some((l) => / {2,}$|\\$/.test(l)) || para.filter((l) => LINE_LABEL.test(l)).length >= 2;
    const units = lineWise
      ? para.map((l) => cleanText(l.replace(/\\$/, '').replace(LINE_LABEL, '')))
      : splitSentences(cleanText(para.join(' ')));
    for (const sentence of units) {
      if (sentence === '' || sentence.endsWith(':')) continue;
      if (options.allSentences || NORMATIVE.test(sentence)) out.push({ text: sentence, kind: 'sentence' });
    }
  }
  return out;
}

function leadingSpaces(line: string): number {
  return /^\s*/.exec(line)?.[0].length ?? 0;
}

function isTopItem(line: string, indent: number): boolean {
  const m = NUMBERED.exec(line) ?? BULLET.exec(line);
  return m !== null && (m[1] ?? '').length <= indent;
}

function isBlockStart(line: string): boolean {
  const t = line.trim();
  return NUMBERED.test(line) || BULLET.test(line) || TABLE_ROW.test(line) || isGherkinStart(t) || /^#{1,6}\s/.test(t) || /^```/.test(t);
}

/**
 * Table rows become criteria. A column named like "criterion", "acceptance",
 * "rule" or "requirement" is the text; otherwise each row reads "header: value; ...".
 * A column named "id" or "#" is dropped (our ids are positional).
 */
function tableCriteria(rows: string[][]): CriterionDraft[] {
  const [header, ...body] = rows;
  if (!header) return [];
  if (body.length === 0) return header.some((c) => c) ? [{ text: header.filter(Boolean).join('; '), kind: 'table' }] : [];
  const isId = (h: string) => /^(id|#|no\.?|ac|key)$/i.test(h);
  const main = header.findIndex((h) => /criteri|acceptance|requirement|^rules?$/i.test(h));
  const onlyIdsBesides = header.every((h, k) => k === main || isId(h) || h === '');
  return body
    .map((row): CriterionDraft => {
      if (main >= 0 && onlyIdsBesides) return { text: row[main] ?? '', kind: 'table' };
      const parts = header.map((h, k) => [h, row[k] ?? ''] as const).filter(([h, v]) => v !== '' && !isId(h));
      return { text: parts.map(([h, v]) => (h ? `${h}: ${v}` : v)).join('; '), kind: 'table' };
    })
    .filter((c) => c.text.trim() !== '');
}

/** Gives drafts their positional ids `AC-1`, `AC-2`... */
export function numberCriteria(drafts: readonly CriterionDraft[]): AcceptanceCriterion[] {
  return drafts.map((d, k) => ({ id: `AC-${k + 1}`, text: d.text, kind: d.kind, ...(d.gherkin ? { gherkin: d.gherkin } : {}) }));
}
