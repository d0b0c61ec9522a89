import type { CaseNode, FileNode } from './case-tree.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * YAML the line scanner does not follow, in the keys it reads (flow collections, anchors,
 * aliases, tags, block scalars), complex keys and tabs: such a file is parsed in full.
 */
const UNSUPPORTED = /^\s*(?:-\s+)?(?:id|title|kind|messages|role|input|cases):\s*[&*!|>{[]|^\s*-\s+[&*!]|^\s*(?:-\s+)?\?\s|\t/;

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

/**
 * The test tree of a case file from its lines alone: suites, case ids, titles, kinds, the
 * line where each case starts and its user turns. About 20× cheaper than parsing and
 * validating the YAML, so the Testing view of a large workspace fills at once; each file is
 * parsed in full when it is opened, edited or run. Returns undefined for anything beyond
 * the plain block style (flow collections, anchors, block scalars in the scanned keys,
 * tabs), and the caller parses that file instead.
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
  const cases: CaseNode[] = [];
  let itemIndent = -1;
  let current: { node: CaseNode; keyIndent: number; inMessages: number; lastLine: number; userTurns: number[] } | undefined;
  const finish = () => {
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
    return true;
  };
  for (let i = casesAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim() || /^\s*#/.test(line)) continue;
    if (UNSUPPORTED.test(line)) return undefined;
    const indent = line.length - line.trimStart().length;
    if (indent === 0) {
      if (!finish()) return undefined;
      current = undefined;
      break; // a top-level key after `cases:` ends the list
    }
    const item = /^(\s*)-\s+(.*)$/.exec(line);
    if (item && (itemIndent < 0 || item[1]!.length === itemIndent)) {
      if (itemIndent < 0) itemIndent = item[1]!.length;
      if (!finish()) return undefined;
      const keyIndent = itemIndent + 2;
      current = {
        node: {
          id: '',
          index: cases.length,
          title: '',
          kind: 'conversation',
          jiraKey: undefined,
          range: { startLine: i, startCharacter: keyIndent, endLine: i, endCharacter: line.length },
          turns: [],
          assertions: [],
          requirementsRange: undefined,
          error: undefined,
        },
        keyIndent,
        inMessages: -1,
        lastLine: i,
        userTurns: [],
      };
      readKey(current, item[2]!, keyIndent, i);
      continue;
    }
    if (!current) return undefined;
    current.lastLine = i;
    if (indent === current.keyIndent) {
      current.inMessages = -1;
      readKey(current, line.trim(), indent, i);
    } else if (current.inMessages >= 0 && /^\s*-\s+role:\s*user\s*(#.*)?$/.test(line)) {
      current.userTurns.push(i);
    } else if (/^\s*messages:\s*$/.test(line)) {
      current.inMessages = indent;
    } else if (/^\s*messages:/.test(line)) {
      return undefined; // flow-style messages
    }
  }
  if (!finish()) return undefined;
  return { suite, story, cases, error: undefined };
}

function readKey(current: { node: CaseNode }, text: string, _indent: number, _line: number): void {
  const match = /^([\w$-]+):\s*(.*)$/.exec(text);
  if (!match) return;
  const [, key, value] = match;
  if (key === 'id') current.node.id = (scalar(value!) ?? '').toLowerCase();
  else if (key === 'title') current.node.title = (scalar(value!) ?? '').trim();
  else if (key === 'kind') current.node.kind = scalar(value!) === 'manual' ? 'manual' : 'conversation';
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
