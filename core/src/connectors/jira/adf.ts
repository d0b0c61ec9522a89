/**
 * Minimal Atlassian Document Format (ADF) building and reading, for the
 * descriptions of test-case issues. Node types and attributes follow
 * https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/
 * (doc, paragraph, heading, bulletList/listItem, table/tableRow/tableHeader/tableCell,
 * text with strong/code marks, rule).
 */
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
  version?: number;
}

export const adf = {
  doc: (content: AdfNode[]): AdfNode => ({ type: 'doc', version: 1, content }),
  text: (text: string, marks?: string[]): AdfNode =>
    marks && marks.length > 0 ? { type: 'text', text, marks: marks.map((type) => ({ type })) } : { type: 'text', text },
  /** A paragraph; empty text becomes an empty paragraph (ADF forbids empty text nodes). */
  p: (...parts: Array<string | AdfNode>): AdfNode => {
    // Line breaks inside a paragraph are hardBreak nodes in ADF, not "\n" in text.
    const content = parts
      .filter((x) => x !== '')
      .flatMap((x) =>
        typeof x === 'string'
          ? x.split('\n').flatMap((line, i) => [...(i > 0 ? [{ type: 'hardBreak' }] : []), ...(line ? [adf.text(line)] : [])])
          : [x],
      );
    return content.length > 0 ? { type: 'paragraph', content } : { type: 'paragraph' };
  },
  heading: (level: number, text: string): AdfNode => ({ type: 'heading', attrs: { level }, content: [adf.text(text)] }),
  bullets: (items: string[]): AdfNode => ({ type: 'bulletList', content: items.map((t) => ({ type: 'listItem', content: [adf.p(t)] })) }),
  table: (header: string[], rows: string[][]): AdfNode => ({
    type: 'table',
    attrs: { isNumberColumnEnabled: false, layout: 'default' },
    content: [
      { type: 'tableRow', content: header.map((h) => ({ type: 'tableHeader', content: [adf.p(h)] })) },
      ...rows.map((r) => ({ type: 'tableRow', content: r.map((c) => ({ type: 'tableCell', content: [adf.p(c)] })) })),
    ],
  }),
  rule: (): AdfNode => ({ type: 'rule' }),
};

/** The plain text of a node: paragraphs and list items on their own lines. */
export function adfText(node: unknown): string {
  if (typeof node === 'string') return node;
  if (typeof node !== 'object' || node === null) return '';
  const n = node as AdfNode;
  if (n.type === 'text') return n.text ?? '';
  if (n.type === 'hardBreak') return '\n';
  const inner = (n.content ?? []).map(adfText);
  const block = ['paragraph', 'heading', 'listItem', 'tableRow', 'codeBlock', 'blockquote'].includes(n.type);
  const joined = n.type === 'tableRow' ? inner.map((c) => c.trim()).join(' | ') : inner.join('');
  return block ? `${joined.trim()}\n` : joined;
}

/** A doc split at headings: heading text (lower case) -> the nodes under it. */
export function adfSections(doc: unknown): Map<string, AdfNode[]> {
  const out = new Map<string, AdfNode[]>();
  let current = '';
  out.set(current, []);
  const content = typeof doc === 'object' && doc !== null ? ((doc as AdfNode).content ?? []) : [];
  for (const node of content) {
    if (node.type === 'heading') {
      current = adfText(node).trim().toLowerCase();
      out.set(current, []);
    } else out.get(current)!.push(node);
  }
  return out;
}

/** The rows of the first table among `nodes`, as cell texts, without the header row. */
export function adfTableRows(nodes: readonly AdfNode[]): string[][] {
  const table = nodes.find((n) => n.type === 'table');
  if (!table) return [];
  return (table.content ?? [])
    .filter((row) => !(row.content ?? []).every((c) => c.type === 'tableHeader'))
    .map((row) => (row.content ?? []).map((cell) => adfText(cell).trim()));
}

/** Items of the first bullet (or ordered) list among `nodes`. */
export function adfListItems(nodes: readonly AdfNode[]): string[] {
  const list = nodes.find((n) => n.type === 'bulletList' || n.type === 'orderedList');
  return (list?.content ?? []).map((item) => adfText(item).trim()).filter(Boolean);
}

/** Paragraph texts among `nodes` (not lists or tables). */
export function adfParagraphs(nodes: readonly AdfNode[]): string[] {
  return nodes
    .filter((n) => n.type === 'paragraph' || n.type === 'codeBlock')
    .map((n) => adfText(n).trim())
    .filter(Boolean);
}
