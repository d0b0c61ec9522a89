import type { Nodes, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmStrikethroughFromMarkdown } from 'mdast-util-gfm-strikethrough';
import { gfmTableFromMarkdown } from 'mdast-util-gfm-table';
import { gfmTaskListItemFromMarkdown } from 'mdast-util-gfm-task-list-item';
import { gfmStrikethrough } from 'micromark-extension-gfm-strikethrough';
import { gfmTable } from 'micromark-extension-gfm-table';
import { gfmTaskListItem } from 'micromark-extension-gfm-task-list-item';

/**
 * Markdown → mdast (CommonMark) with the GitHub Flavored Markdown constructs stories use:
 * tables, task lists and strikethrough. ATX and setext headings, nested lists, HTML
 * comments as `html` nodes (dropped by the readers), code blocks kept as `code` nodes.
 * GFM's autolink literals and footnotes are left out: a bare URL stays text, and they
 * double the parse time of a story.
 */
export function parseMarkdownTree(markdown: string): Root {
  return fromMarkdown(markdown, {
    extensions: [gfmTable(), gfmTaskListItem(), gfmStrikethrough()],
    mdastExtensions: [gfmTableFromMarkdown(), gfmTaskListItemFromMarkdown(), gfmStrikethroughFromMarkdown()],
  });
}

/**
 * Marks a node converted from something that is context and never a criterion (a Jira
 * panel, expand or quote). Readers skip such nodes when looking for criteria.
 */
export interface ContextData {
  casewrightContext?: 'panel' | 'expand' | 'quote' | 'mention';
}

/**
 * The plain text of a node: inline code and link text kept, emphasis dropped, line
 * breaks as `\n`, inline HTML dropped (`<br>` becomes a line break). Text stays text:
 * nothing is parsed again, so `**` or `#` typed in a Jira field are not Markdown.
 */
export function nodeText(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'break':
      return '\n';
    case 'html':
      return /^<br\s*\/?>$/i.test(node.value.trim()) ? '\n' : '';
    case 'image':
      return node.alt ?? '';
    case 'footnoteReference':
    case 'definition':
    case 'footnoteDefinition':
    case 'thematicBreak':
      return '';
    case 'code':
      return node.value;
    default:
      if ('children' in node) {
        const parts = (node.children as Nodes[]).map(nodeText);
        // Blocks inside a container are separate lines.
        const block = node.type === 'listItem' || node.type === 'blockquote' || node.type === 'root';
        return parts.join(block ? '\n' : '');
      }
      return '';
  }
}

/** Collapses white space: the text as one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The offsets a node covers in the source text, when the tree came from Markdown. */
export function sourceSlice(source: string | undefined, node: RootContent): string | undefined {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (source === undefined || start === undefined || end === undefined) return undefined;
  return source.slice(start, end);
}

/** Unicode emoji and `:shortcode:` emoji, as people put them in headings ("✅ AC", ":white_check_mark: AC"). */
const EMOJI = /:[a-z0-9_+-]+:|\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]|\u{FE0F}|\u{200D}|\u{20E3}/gu;

/** Heading text without emoji, numbering ("2.", "A)"), surrounding punctuation or a trailing colon. */
export function headingLabel(text: string): string {
  return oneLine(text.replace(EMOJI, ' '))
    .replace(/^(?:\d+(?:\.\d+)*[.)]?|[A-Z][.)])\s+/, '')
    .replace(/^[\s\-–—*_#>|[\]()]+|[\s\-–—*_#:.|[\]()]+$/g, '')
    .trim();
}
