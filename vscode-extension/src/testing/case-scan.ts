import type { CaseNode, FileNode } from './case-tree.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Keys whose values the scan reads or walks: YAML it does not follow there sends the file to the parser. */
const SCANNED_KEYS = new Set(['id', 'title', 'kind', 'priority', 'category', 'status', 'messages', 'role', 'input', 'cases']);
const SPECIAL_VALUE = '&*!|>{[';

/**
 * Whether a line (after `- `, for a list item) uses YAML the scan does not follow: anchors,
 * aliases and tags on an item, complex keys, or flow collections, anchors, aliases, tags and
 * block scalars as the value of a scanned key. Character tests, not regular expressions:
 * this runs on every line of every file.
 */
function unsupported(rest: string, isItem: boolean): boolean {
  const first = rest[0];
  if (first === undefined) return isItem; // a bare `-`
  if (isItem && (first === '&' || first === '*' || first === '!')) return true;
  if (first === '?' && (rest.length === 1 || rest[1] === ' ')) return true;
  const colon = rest.indexOf(':');
  if (colon <= 0 || !SCANNED_KEYS.has(rest.slice(0, colon))) return false;
  let v = colon + 1;
  while (rest[v] === ' ') v++;
  return v < rest.length && SPECIAL_VALUE.includes(rest[v]!);
}

/** Keys whose one-line value the scan reads; a value continued on the next line goes to the parser. */
const SCALAR_KEYS = new Set(['id', 'title', 'kind', 'priority', 'category', 'status']);

function scalar(raw: string): string | undefined {
  const value = raw.trim();
  if (!value) return undefined;
  if (value.startsWith('"')) {
    if (!value.endsWith('"') || value.length < 2) return undefined;
    try {
      return JSON.parse(value) as string;
    } catch {
      return undefined;
    }
  }
  if (value.startsWith("'")) return value.endsWith("'") && value.length >= 2 ? value.slice(1, -1).replace(/''/g, "'") : undefined;
  return value.replace(/\s+#.*$/, '');
}

/** `[a, "b c"]` → ['a', 'b c']; undefined for anything but a one-line flow list of scalars. */
function flowList(raw: string): string[] | undefined {
  const value = raw.replace(/\s+#.*$/, '').trim();
  if (!value.startsWith('[') || !value.endsWith(']')) return undefined;
  const inner = value.slice(1, -1).trim();
  if (!inner) return [];
  if (/[[\]{}]/.test(inner)) return undefined;
  const items = inner.split(',').map((part) => scalar(part));
  return items.every((i): i is string => i !== undefined) ? items : undefined;
}

interface Current {
  node: CaseNode;
  keyIndent: number;
  /** The case key the following deeper lines belong to. */
  key: string;
  /** Whether the last key had a one-line scalar value that a deeper line would continue. */
  scalarValue: boolean;
  /** Indent of the `messages:` key while inside it, else -1; then the indent of its items. */
  messagesIndent: number;
  messageItemIndent: number;
  lastLine: number;
  userTurns: number[];
}

/**
 * The test tree of a case file from its lines alone: suites, case ids, titles, kinds,
 * priority, category, status, tags, the line where each case starts and its user turns. About 20×
 * cheaper than parsing and validating the YAML, so a file's items appear at once when the
 * Testing view expands it; the file is parsed in full when it is opened, edited or run.
 * Follows block style with indented or indentless lists (`cases:` then `- id:` at column 0,
 * as PyYAML writes it). Returns undefined for anything else (flow collections, anchors,
 * block scalars or continued lines in the scanned keys, tabs, a list it cannot account for),
 * and the caller parses that file instead.
 */
export function scanCaseFile(text: string): FileNode | undefined {
  const lines = text.split(/\r?\n/);
  let suite: string | undefined;
  let story: string | undefined;
  let casesAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('suite:')) suite = scalar(line.slice(6));
    else if (line.startsWith('story:')) story = scalar(line.slice(6));
    else if (/^cases:\s*(#.*)?$/.test(line)) {
      casesAt = i;
      break;
    } else if (/^cases:/.test(line)) return undefined;
  }
  if (casesAt < 0 || suite === undefined) return undefined;
  // `suite:` or `story:` after the list is legal YAML; the scan only reads them before it.
  const cases: CaseNode[] = [];
  let itemIndent = -1;
  let current: Current | undefined;
  const finish = (): boolean => {
    if (!current) return true;
    const { node, userTurns, lastLine } = current;
    node.range.endLine = lastLine;
    node.range.endCharacter = lines[lastLine]!.length;
    if (!UUID.test(node.id) || !node.title) return false;
    if (node.kind === 'conversation' && userTurns.length > 1) {
      node.turns = userTurns.map((line, n) => ({
        turn: n + 1,
        label: `Turn ${n + 1}: ${turnLabel(lines, line)}`,
        range: { startLine: line, startCharacter: lines[line]!.indexOf('-'), endLine: line, endCharacter: lines[line]!.length },
      }));
    }
    cases.push(node);
    current = undefined;
    return true;
  };
  for (let i = casesAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trimStart();
    if (trimmed === '' || trimmed[0] === '#') continue;
    if (line.includes('\t')) return undefined;
    const indent = line.length - trimmed.length;
    const isItem = trimmed[0] === '-' && (trimmed.length === 1 || trimmed[1] === ' ');
    // A list item's content (after `- `), else undefined.
    const item = isItem ? trimmed.slice(1).trimStart().trimEnd() : undefined;
    if (unsupported(item ?? trimmed, isItem)) return undefined;
    if (itemIndent < 0) {
      // The first line of the list fixes the indent of its items (0 for an indentless list).
      if (item === undefined) return undefined;
      itemIndent = indent;
    }
    if (indent < itemIndent || (indent === itemIndent && item === undefined)) {
      if (indent === 0 && /^[\w$-]+:/.test(line)) break; // a top-level key ends the list
      return undefined;
    }
    if (item !== undefined && indent === itemIndent) {
      if (!finish()) return undefined;
      const keyIndent = indent + trimmed.length - trimmed.slice(1).trimStart().length;
      current = {
        node: {
          id: '',
          index: cases.length,
          title: '',
          kind: 'conversation',
          priority: 'medium',
          category: 'functional',
          status: 'draft',
          tags: [],
          jiraKey: undefined,
          range: { startLine: i, startCharacter: keyIndent, endLine: i, endCharacter: line.length },
          turns: [],
          assertions: [],
          requirementsRange: undefined,
          error: undefined,
        },
        keyIndent,
        key: '',
        scalarValue: false,
        messagesIndent: -1,
        messageItemIndent: -1,
        lastLine: i,
        userTurns: [],
      };
      if (!readKey(current, item)) return undefined;
      continue;
    }
    if (!current) return undefined;
    current.lastLine = i;
    if (indent === current.keyIndent && item === undefined) {
      current.messagesIndent = -1;
      if (!readKey(current, trimmed.trimEnd())) return undefined;
      continue;
    }
    // A deeper line (or an indentless list item) belongs to the last key.
    if (current.scalarValue) return undefined; // a scalar continued on the next line
    if (current.key === 'tags') {
      const tag = item !== undefined && !SPECIAL_VALUE.includes(item[0] ?? '&') ? scalar(item) : undefined;
      if (tag === undefined) return undefined;
      current.node.tags.push(tag);
      continue;
    }
    if (current.key !== 'input') continue;
    if (current.messagesIndent >= 0 && indent > current.messagesIndent - (item !== undefined ? 1 : 0)) {
      if (item !== undefined && (current.messageItemIndent < 0 || indent === current.messageItemIndent)) {
        current.messageItemIndent = indent;
        const role = /^role:\s*(.*)$/.exec(item);
        // A message item that does not start with its role: the parser knows its turn.
        if (!role) return undefined;
        if (scalar(role[1]!) === 'user') current.userTurns.push(i);
      }
      continue;
    }
    current.messagesIndent = -1;
    const messages = item === undefined && trimmed.startsWith('messages:') ? /^messages:\s*(.*)$/.exec(trimmed) : null;
    if (messages) {
      if (messages[1]!.trim() && !/^#/.test(messages[1]!.trim())) return undefined; // flow-style messages
      current.messagesIndent = indent;
      current.messageItemIndent = -1;
    }
  }
  // An empty list (`cases:` and nothing) is an error the parser words.
  if (itemIndent < 0 || !finish()) return undefined;
  return { suite, story, cases, error: undefined };
}

/** Reads `key: value` at the case's key indent; false when the value is a shape the scan leaves to the parser. */
function readKey(current: Current, text: string): boolean {
  const match = /^([\w$-]+):(?:\s+(.*))?$/.exec(text);
  if (!match) return !/^[\w$-]+:\S/.test(text);
  const key = match[1]!;
  const raw = (match[2] ?? '').replace(/^#.*$/, '');
  current.key = key;
  current.scalarValue = SCALAR_KEYS.has(key) && raw.trim() !== '';
  const node = current.node;
  if (key === 'id') node.id = (scalar(raw) ?? '').toLowerCase();
  else if (key === 'title') node.title = (scalar(raw) ?? '').trim();
  else if (key === 'kind') node.kind = scalar(raw) === 'manual' ? 'manual' : 'conversation';
  else if (key === 'priority') node.priority = scalar(raw) ?? node.priority;
  else if (key === 'category') node.category = scalar(raw) ?? node.category;
  else if (key === 'status') node.status = scalar(raw) ?? node.status;
  else if (key === 'tags' && raw.trim()) {
    const tags = flowList(raw);
    if (!tags) return false;
    node.tags = tags;
  }
  return true;
}

function turnLabel(lines: string[], at: number): string {
  for (let i = at + 1; i < Math.min(lines.length, at + 4); i++) {
    const m = /^\s*content:\s*(.*)$/.exec(lines[i]!);
    if (m) {
      const content = scalar(m[1]!) ?? '';
      return content.length > 60 ? `${content.slice(0, 57)}...` : content;
    }
  }
  return '';
}
