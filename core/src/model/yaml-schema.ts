import { isMap, isNode, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { humanizeIssue } from './humanize.js';
import { closest } from './suggest.js';
import type { Diagnostic, Position } from '../errors/diagnostic.js';

export interface Span {
  start: Position;
  end: Position;
  offset: number;
  endOffset: number;
}

export interface ParsedYaml<T> {
  file: string;
  /** The validated value (defaults applied); undefined when there are errors. */
  value: T | undefined;
  /** The raw data as written; undefined when the text is not YAML. */
  data: unknown;
  /** The YAML document (keeps comments and positions); undefined when the text is not YAML. */
  document: Document.Parsed | undefined;
  diagnostics: Diagnostic[];
  lineCounter: LineCounter;
  /** Locates a data path (e.g. `['cases', 0, 'title']`) in the file. */
  locate(path: readonly (string | number)[]): Span;
  /** Adds a located diagnostic (for rules beyond the schema). */
  report(code: string, message: string, path: (string | number)[], where: Span, severity?: Diagnostic['severity']): void;
}

export interface YamlSchemaOptions {
  /** What the file should be, for messages: e.g. "a case file (a mapping with 'suite:' and 'cases:')". */
  expected: string;
  /** Message for an empty file. */
  emptyMessage: string;
  /** Field names for "did you mean" hints on unknown fields. */
  knownFields: () => Set<string>;
}

function position(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line, col };
}

/** The node at `path`, or the deepest existing ancestor (and whether it was found exactly). */
function nodeAt(document: Document, path: readonly (string | number)[]): { node: Node | undefined; key: Node | undefined; exact: boolean } {
  let current: unknown = document.contents;
  let key: Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    if (isMap(current)) {
      const pair = current.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) return { node: current, key, exact: false };
      key = isNode(pair.key) ? pair.key : undefined;
      if (!isNode(pair.value)) return { node: key ?? current, key, exact: i === path.length - 1 };
      current = pair.value;
    } else if (isSeq(current) && typeof segment === 'number') {
      const item = current.items[segment];
      if (!isNode(item)) return { node: current, key, exact: false };
      key = undefined;
      current = item;
    } else {
      return { node: isNode(current) ? current : undefined, key, exact: false };
    }
  }
  return { node: isNode(current) ? current : undefined, key, exact: true };
}

const YAML_HINTS: Record<string, string> = {
  BAD_INDENT: 'check the indentation of this line against the lines above',
  BLOCK_AS_IMPLICIT_KEY: 'check the indentation of this line against the lines above',
  MULTILINE_IMPLICIT_KEY: "a key must fit on one line; is a ':' or an indentation missing above?",
  UNEXPECTED_TOKEN: 'check the indentation and punctuation of this line',
  TAB_AS_INDENT: 'indent with spaces, not tabs',
};

/** Where a quoted scalar that never closes was opened (yaml reports the end of the file). */
function openQuoteBefore(text: string, end: number): number | undefined {
  let open: number | undefined;
  let quote = '';
  for (let i = 0; i < end && i < text.length; i++) {
    const ch = text[i]!;
    if (open === undefined) {
      if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
        const nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length : nl;
      } else if ((ch === '"' || ch === "'") && (i === 0 || /[\s:[{,-]/.test(text[i - 1]!))) {
        open = i;
        quote = ch;
      }
    } else if (quote === '"' && ch === '\\') {
      i++;
    } else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else open = undefined;
    }
  }
  return open;
}

/** A one-line, located account of a YAML syntax error. */
function describeYamlError(
  text: string,
  error: { code: string; message: string; pos: [number, number] },
): { message: string; start: number; end: number } {
  let [start, end] = error.pos;
  let message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (error.code === 'DUPLICATE_KEY') {
    const key = (/^[^:\n]+/.exec(text.slice(start))?.[0] ?? '').trim();
    message = `duplicate key '${key}' in this mapping; each key may appear once`;
  } else if (error.code === 'MISSING_CHAR' && /quote/i.test(message)) {
    const open = openQuoteBefore(text, start);
    if (open !== undefined) {
      start = open;
      end = open + 1;
      message = `this quote (${text[open]}) is never closed`;
    }
  } else if (error.code === 'MISSING_CHAR' && /indicator/.test(message)) {
    message = `${message} (${YAML_HINTS.BAD_INDENT})`;
  } else if (YAML_HINTS[error.code]) {
    message = `${message} (${YAML_HINTS[error.code]})`;
  }
  return { message: `YAML syntax: ${message}`, start, end };
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[segment];
  }
  return current;
}

/**
 * Parses YAML text with positions and validates it with a zod schema. Never
 * throws for bad content: every problem becomes a located diagnostic with
 * `file:line:col` and a sentence a user understands.
 */
export function parseYamlWithSchema<S extends z.ZodType>(
  text: string,
  file: string,
  schema: S,
  options: YamlSchemaOptions,
): ParsedYaml<z.infer<S>> {
  const lineCounter = new LineCounter();
  const diagnostics: Diagnostic[] = [];
  let document: Document.Parsed | undefined;

  const span = (start: number, end: number) => ({
    start: position(lineCounter, start),
    end: position(lineCounter, Math.max(start, end)),
    offset: start,
    endOffset: Math.max(start, end),
  });
  const locate = (path: readonly (string | number)[]) => {
    if (!document) return span(0, 0);
    const { node } = nodeAt(document, path);
    const range = node?.range;
    return range ? span(range[0], range[1]) : span(0, 0);
  };
  const add = (code: string, message: string, path: (string | number)[], where: Span, severity: Diagnostic['severity'] = 'error') => {
    diagnostics.push({ file, severity, code, message, path, ...where });
  };
  let data: unknown;
  const result = (value: z.infer<S> | undefined): ParsedYaml<z.infer<S>> => ({
    file,
    value,
    data,
    document,
    diagnostics,
    lineCounter,
    locate,
    report: add,
  });

  if (text.trim() === '') {
    lineCounter.addNewLine(0);
    add('empty', options.emptyMessage, [], span(0, 0));
    return result(undefined);
  }
  if (text.includes('\u0000')) {
    lineCounter.addNewLine(0);
    add('not-text', 'this is a binary file, not YAML text', [], span(0, 0));
    return result(undefined);
  }

  document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  // One YAML error is enough: the later ones usually follow from the first.
  const syntax = document.errors[0];
  if (syntax) {
    const { message, start, end } = describeYamlError(text, syntax);
    add('yaml-syntax', message, [], span(start, end));
    return result(undefined);
  }

  try {
    data = document.toJS({ maxAliasCount: 100 });
  } catch (error) {
    add('yaml-syntax', `YAML: ${(error as Error).message}`, [], span(0, 0));
    return result(undefined);
  }

  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    const found = Array.isArray(data) ? 'a list' : data === null ? 'nothing' : 'plain text';
    add('wrong-shape', `expected ${options.expected}, found ${found}`, [], locate([]));
    return result(undefined);
  }

  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const fieldNames = options.knownFields();
    // An unknown key that is a near-miss of a missing field ("titel" for "title") is one mistake, not two.
    const misspelt = new Set<string>();
    for (const issue of parsed.error.issues) {
      if (issue.code !== 'unrecognized_keys') continue;
      for (const key of issue.keys) {
        const hint = closest(key, fieldNames);
        if (hint) misspelt.add(JSON.stringify([...issue.path, hint]));
      }
    }
    for (const issue of parsed.error.issues) {
      if (issue.code === 'invalid_type' && misspelt.has(JSON.stringify(issue.path)) && valueAt(data, issue.path) === undefined) continue;
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const where = nodeAt(document, [...path, key]);
          const node = where.key ?? where.node;
          const range = node?.range;
          add(
            'schema',
            humanizeIssue({ ...issue, keys: [key] }, undefined, fieldNames),
            [...path, key],
            range ? span(range[0], range[1]) : span(0, 0),
          );
        }
        continue;
      }
      const value = valueAt(data, path);
      const where = nodeAt(document, path);
      // A missing field points at the mapping that lacks it (its first line), not the whole block.
      const node = where.node;
      let range = node?.range;
      if (!where.exact && range && isMap(node)) {
        const first = node.items[0];
        const firstKey = isPair(first) && isNode(first.key) ? first.key.range : undefined;
        if (firstKey) range = [firstKey[0], firstKey[1], firstKey[2]];
      }
      add('schema', humanizeIssue(issue, value, fieldNames), path, range ? span(range[0], range[1]) : span(0, 0));
    }
    diagnostics.sort((a, b) => a.offset - b.offset);
    return result(undefined);
  }

  return result(parsed.data as z.infer<S>);
}
