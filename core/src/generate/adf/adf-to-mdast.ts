import type { BlockContent, List, ListItem, PhrasingContent, Root, RootContent, Table, TableCell, TableRow } from 'mdast';
import type { ContextData } from '../story/markdown-tree.js';
import { children as kids, formatDate, str, type AdfNode } from './adf-to-markdown.js';

/**
 * Atlassian Document Format → an mdast tree, so a Jira story is read by the same
 * criteria reader as a Markdown one, as a tree and without a detour through Markdown
 * text: what someone typed in Jira stays text (a `**` or `#` in a Jira field is not
 * Markdown). Panels, expands, quotes and media become context nodes that are never
 * criteria; mentions, emoji, status lozenges, dates and cards become text. Every
 * top-level ADF node gives exactly one top-level mdast node, so node indexes match.
 * Node types from Atlassian's ADF reference
 * (developer.atlassian.com/cloud/jira/platform/apis/document/structure/).
 */

function text(value: string): PhrasingContent {
  return { type: 'text', value };
}

function contextNode(kind: NonNullable<ContextData['casewrightContext']>, children: BlockContent[]): BlockContent {
  return { type: 'blockquote', children, data: { casewrightContext: kind } as ContextData } as BlockContent;
}

function inline(nodes: readonly AdfNode[]): PhrasingContent[] {
  return nodes.flatMap(inlineNode);
}

function inlineNode(node: AdfNode): PhrasingContent[] {
  const a = node.attrs ?? {};
  switch (node.type) {
    case 'text': {
      let out: PhrasingContent = text(node.text ?? '');
      const marks = node.marks ?? [];
      if (marks.some((m) => m.type === 'code')) out = { type: 'inlineCode', value: node.text ?? '' };
      if (marks.some((m) => m.type === 'strike')) out = { type: 'delete', children: [out] };
      if (marks.some((m) => m.type === 'em')) out = { type: 'emphasis', children: [out] };
      if (marks.some((m) => m.type === 'strong')) out = { type: 'strong', children: [out] };
      const link = marks.find((m) => m.type === 'link');
      if (link) out = { type: 'link', url: str(link.attrs?.href), children: [out] };
      return [out];
    }
    case 'hardBreak':
      return [{ type: 'break' }];
    case 'mention': {
      const name = str(a.text) || `@${str(a.id)}`;
      return [text(name.startsWith('@') ? name : `@${name}`)];
    }
    case 'emoji':
      return [text(str(a.text) || str(a.shortName))];
    case 'status':
      return [text(`[${str(a.text)}]`)];
    case 'date':
      return [text(formatDate(a.timestamp))];
    case 'inlineCard': {
      const url = str(a.url) || str((a.data as Record<string, unknown> | undefined)?.url);
      return [{ type: 'link', url, children: [text(url)] }];
    }
    case 'placeholder':
      // Template placeholder text ("Type your criteria here") is not content.
      return [];
    case 'mediaInline':
      return [];
    default:
      return node.text !== undefined ? [text(node.text)] : inline(kids(node));
  }
}

function paragraph(children: PhrasingContent[]): BlockContent {
  return { type: 'paragraph', children };
}

function listOf(node: AdfNode): List {
  const ordered = node.type === 'orderedList';
  const items: ListItem[] = [];
  for (const item of kids(node)) {
    if (item.type === 'taskList' || item.type === 'bulletList' || item.type === 'orderedList') {
      // A nested task list sits beside its parent item in ADF: attach it to the item before.
      const last = items[items.length - 1];
      if (last) last.children.push(listOf(item));
      else items.push({ type: 'listItem', spread: false, children: [listOf(item)] });
      continue;
    }
    const checked = item.type === 'taskItem' ? item.attrs?.state === 'DONE' : null;
    const children: BlockContent[] =
      item.type === 'taskItem' || item.type === 'decisionItem'
        ? [paragraph(inline(kids(item)))]
        : kids(item).flatMap((c) => {
            const b = block(c);
            return b ? [b as BlockContent] : [];
          });
    items.push({ type: 'listItem', spread: false, checked, children });
  }
  return {
    type: 'list',
    ordered,
    ...(ordered ? { start: Math.max(Number(node.attrs?.order) || 1, 0) } : {}),
    spread: false,
    children: items,
  };
}

function tableOf(node: AdfNode): Table {
  const rows: TableRow[] = kids(node)
    .filter((r) => r.type === 'tableRow')
    .map((r) => ({
      type: 'tableRow',
      children: kids(r).flatMap((cell): TableCell[] => {
        const content: PhrasingContent[] = [];
        for (const b of kids(cell)) {
          if (content.length > 0) content.push({ type: 'break' });
          content.push(...(b.type === 'paragraph' ? inline(kids(b)) : [text(plain(b))]));
        }
        const span = Math.max(Number(cell.attrs?.colspan) || 1, 1);
        return [
          { type: 'tableCell', children: content },
          ...Array.from({ length: span - 1 }, (): TableCell => ({ type: 'tableCell', children: [] })),
        ];
      }),
    }));
  return { type: 'table', children: rows };
}

function plain(node: AdfNode): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  const parts = kids(node).map(plain);
  return parts.join(node.type === 'paragraph' || node.type === 'listItem' ? '' : '\n');
}

function block(node: AdfNode): RootContent | undefined {
  const a = node.attrs ?? {};
  switch (node.type) {
    case 'paragraph':
      return paragraph(inline(kids(node)));
    case 'heading':
      return {
        type: 'heading',
        depth: Math.min(Math.max(Number(a.level) || 1, 1), 6) as 1 | 2 | 3 | 4 | 5 | 6,
        children: inline(kids(node)),
      };
    case 'bulletList':
    case 'orderedList':
    case 'taskList':
    case 'decisionList':
      return listOf(node);
    case 'codeBlock':
      return {
        type: 'code',
        lang: str(a.language) || null,
        value: kids(node)
          .map((c) => c.text ?? '')
          .join(''),
      };
    case 'table':
      return tableOf(node);
    case 'rule':
      return { type: 'thematicBreak' };
    case 'blockquote':
      return contextNode('quote', blocks(kids(node)));
    case 'panel':
      return contextNode('panel', blocks(kids(node)));
    case 'expand':
    case 'nestedExpand': {
      const title = str(a.title);
      return contextNode('expand', [...(title ? [paragraph([{ type: 'strong', children: [text(title)] }])] : []), ...blocks(kids(node))]);
    }
    case 'mediaSingle':
    case 'mediaGroup':
    case 'media':
      return contextNode('panel', []);
    case 'blockCard':
    case 'embedCard':
      return paragraph(str(a.url) ? [{ type: 'link', url: str(a.url), children: [text(str(a.url))] }] : []);
    default: {
      const children = kids(node);
      if (children.length === 0) return node.text !== undefined ? paragraph([text(node.text)]) : undefined;
      const isBlocks = children.some((k) => k.type === 'paragraph' || k.type === 'heading' || k.type.endsWith('List'));
      return isBlocks ? contextNode('panel', blocks(children)) : paragraph(inline(children));
    }
  }
}

function blocks(nodes: readonly AdfNode[]): BlockContent[] {
  return nodes.flatMap((n) => {
    const b = block(n);
    return b ? [b as BlockContent] : [];
  });
}

/** Converts an ADF document to an mdast root; one top-level node per top-level ADF node. */
export function adfToMdast(adf: AdfNode): Root {
  const top = adf.type === 'doc' ? kids(adf) : [adf];
  return {
    type: 'root',
    children: top.map((n) => block(n) ?? ({ type: 'html', value: '' } as RootContent)),
  };
}
