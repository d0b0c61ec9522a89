/**
 * Atlassian Document Format (ADF) → Markdown, for Jira story descriptions and
 * acceptance-criteria fields. Covers the node types of Atlassian's ADF
 * reference (developer.atlassian.com/cloud/jira/platform/apis/document/structure/):
 * doc, paragraph, text with marks, heading, bulletList/orderedList (nested),
 * taskList, listItem, table, codeBlock, blockquote, panel, rule, expand,
 * mention, emoji, status, date, inlineCard/blockCard, hardBreak and media
 * (as a placeholder). Unknown nodes keep their text: nothing a person wrote is dropped.
 */

export interface AdfMark {
  type: string;
  attrs?: Record<string, unknown>;
}

export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  text?: string;
  marks?: AdfMark[];
}

export interface AdfToMarkdownOptions {
  /** How a media node is shown (default: `[attachment: <alt or file id>]`, or an image link for external media). */
  media?: ((attrs: Record<string, unknown>) => string) | undefined;
}

const PANEL_ALERT: Record<string, string> = {
  info: 'NOTE',
  note: 'NOTE',
  tip: 'TIP',
  success: 'TIP',
  warning: 'WARNING',
  error: 'CAUTION',
  custom: 'NOTE',
};

/** A string attribute, or '' (numbers as text). */
export function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function isNode(value: unknown): value is AdfNode {
  return typeof value === 'object' && value !== null && typeof (value as AdfNode).type === 'string';
}

/** The node's content, without anything that is not a node. */
export function children(node: AdfNode): AdfNode[] {
  return Array.isArray(node.content) ? node.content.filter(isNode) : [];
}

function applyMarks(text: string, marks: readonly AdfMark[] | undefined): string {
  if (!marks || text === '') return text;
  let out = text;
  const has = (t: string) => marks.some((m) => m.type === t);
  if (has('code')) out = out.includes('`') ? `\`\` ${out} \`\`` : `\`${out}\``;
  if (has('strike')) out = `~~${out}~~`;
  if (has('em')) out = `*${out}*`;
  if (has('strong')) out = `**${out}**`;
  const link = marks.find((m) => m.type === 'link');
  if (link) out = `[${out}](${str(link.attrs?.href)})`;
  return out;
}

/** An ADF date (milliseconds since the epoch, as a string) as YYYY-MM-DD. */
export function formatDate(timestamp: unknown): string {
  const raw = Number(str(timestamp));
  if (!Number.isFinite(raw) || str(timestamp) === '') return str(timestamp);
  // ADF stores milliseconds since the epoch as a string; accept seconds too.
  const ms = raw < 1e11 ? raw * 1000 : raw;
  return new Date(ms).toISOString().slice(0, 10);
}

class Converter {
  constructor(private readonly options: AdfToMarkdownOptions) {}

  inline(nodes: readonly AdfNode[], inTable = false): string {
    return nodes.map((n) => this.inlineNode(n, inTable)).join('');
  }

  private inlineNode(node: AdfNode, inTable: boolean): string {
    const a = node.attrs ?? {};
    switch (node.type) {
      case 'text': {
        const text = inTable ? (node.text ?? '').replace(/\|/g, '\\|') : (node.text ?? '');
        return applyMarks(text, node.marks);
      }
      case 'hardBreak':
        return inTable ? '<br>' : '  \n';
      case 'mention': {
        const text = str(a.text) || `@${str(a.id)}`;
        return text.startsWith('@') ? text : `@${text}`;
      }
      case 'emoji':
        return str(a.text) || str(a.shortName);
      case 'status':
        return `[${str(a.text)}]`;
      case 'date':
        return formatDate(a.timestamp);
      case 'inlineCard': {
        const url = str(a.url) || str((a.data as Record<string, unknown> | undefined)?.url);
        return url ? `<${url}>` : str((a.data as Record<string, unknown> | undefined)?.name);
      }
      case 'placeholder':
        return str(a.text);
      case 'mediaInline':
        return this.media(a);
      default:
        return node.text !== undefined ? applyMarks(node.text, node.marks) : this.inline(children(node), inTable);
    }
  }

  private media(a: Record<string, unknown>): string {
    if (this.options.media) return this.options.media(a);
    if (str(a.type) === 'external' && str(a.url)) return `![${str(a.alt)}](${str(a.url)})`;
    return `[attachment: ${str(a.alt) || str(a.id) || 'file'}]`;
  }

  blocks(nodes: readonly AdfNode[]): string {
    return nodes
      .map((n) => this.block(n))
      .filter((b) => b !== '')
      .join('\n\n');
  }

  block(node: AdfNode): string {
    const a = node.attrs ?? {};
    switch (node.type) {
      case 'doc':
        return this.blocks(children(node));
      case 'paragraph':
        return this.inline(children(node));
      case 'heading': {
        const level = Math.min(Math.max(Number(a.level) || 1, 1), 6);
        return `${'#'.repeat(level)} ${this.inline(children(node))}`;
      }
      case 'bulletList':
      case 'orderedList':
      case 'taskList':
      case 'decisionList':
        return this.list(node);
      case 'codeBlock': {
        const text = children(node)
          .map((c) => c.text ?? '')
          .join('');
        const fence = text.includes('```') ? '````' : '```';
        return `${fence}${str(a.language)}\n${text}\n${fence}`;
      }
      case 'blockquote':
        return quote(this.blocks(children(node)));
      case 'panel': {
        const kind = PANEL_ALERT[str(a.panelType)] ?? 'NOTE';
        return quote(`[!${kind}]\n${this.blocks(children(node))}`);
      }
      case 'rule':
        return '---';
      case 'table':
        return this.table(node);
      case 'mediaSingle':
      case 'mediaGroup':
        return children(node)
          .filter((c) => c.type === 'media')
          .map((c) => this.media(c.attrs ?? {}))
          .join(' ');
      case 'media':
        return this.media(a);
      case 'expand':
      case 'nestedExpand': {
        const title = str(a.title);
        return [title ? `**${title}**` : '', this.blocks(children(node))].filter(Boolean).join('\n\n');
      }
      case 'blockCard':
      case 'embedCard':
        return str(a.url) ? `<${str(a.url)}>` : '';
      default: {
        const kids = children(node);
        if (kids.length === 0) return node.text ?? '';
        // Unknown container: blocks if its children are blocks, else inline text.
        return kids.some((k) => k.type === 'paragraph' || k.type === 'heading' || k.type.endsWith('List'))
          ? this.blocks(kids)
          : this.inline(kids);
      }
    }
  }

  private list(node: AdfNode): string {
    const ordered = node.type === 'orderedList';
    let n = ordered ? Math.max(Number(node.attrs?.order) || 1, 0) : 1;
    return children(node)
      .map((item) => {
        let marker: string;
        if (ordered) marker = `${n++}. `;
        else if (item.type === 'taskItem') marker = item.attrs?.state === 'DONE' ? '- [x] ' : '- [ ] ';
        else marker = '- ';
        const parts =
          item.type === 'taskItem' || item.type === 'decisionItem'
            ? [this.inline(children(item))]
            : children(item).map((c) => this.block(c));
        const [first = '', ...rest] = parts.filter((p) => p !== '');
        const pad = ' '.repeat(marker.length);
        const indent = (text: string) =>
          text
            .split('\n')
            .map((l) => (l === '' ? l : pad + l))
            .join('\n');
        const lines = [marker + first.split('\n').join(`\n${pad}`)];
        for (const r of rest) lines.push(indent(r));
        return lines.join('\n');
      })
      .join('\n');
  }

  private table(node: AdfNode): string {
    const rows = children(node).filter((r) => r.type === 'tableRow');
    if (rows.length === 0) return '';
    const cells = rows.map((r) =>
      children(r)
        .map((cell) => {
          const text = children(cell)
            .map((b) =>
              b.type === 'paragraph' ? this.inline(children(b), true) : this.block(b).replace(/\|/g, '\\|').replace(/\n+/g, '<br>'),
            )
            .filter(Boolean)
            .join('<br>');
          const span = Math.max(Number(cell.attrs?.colspan) || 1, 1);
          return [text, ...Array<string>(span - 1).fill('')];
        })
        .flat(),
    );
    const width = Math.max(...cells.map((r) => r.length));
    const pad = (r: string[]) => [...r, ...Array<string>(width - r.length).fill('')];
    const line = (r: string[]) => `| ${pad(r).join(' | ')} |`;
    const headerIsHeader = children(rows[0] as AdfNode).every((c) => c.type === 'tableHeader');
    const header = headerIsHeader ? (cells[0] ?? []) : Array<string>(width).fill('');
    const body = headerIsHeader ? cells.slice(1) : cells;
    return [line(header), `|${Array<string>(width).fill(' --- ').join('|')}|`, ...body.map(line)].join('\n');
  }
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((l) => (l === '' ? '>' : `> ${l}`))
    .join('\n');
}

/**
 * Converts an ADF document (or any ADF node) to Markdown. Accepts a JSON
 * string too. Returns '' for null/undefined (an empty Jira field).
 */
export function adfToMarkdown(adf: unknown, options: AdfToMarkdownOptions = {}): string {
  let value = adf;
  if (typeof value === 'string') {
    const t = value.trim();
    if (!t.startsWith('{')) return value; // Jira v2 fields are plain text already.
    value = JSON.parse(t) as unknown;
  }
  if (value === null || value === undefined) return '';
  if (!isNode(value)) throw new TypeError('not an ADF document: expected an object with a "type"');
  return new Converter(options)
    .block(value)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
