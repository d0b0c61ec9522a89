import type { ParsedCaseFile, Span } from '@casewright/core';

/** A 0-based line/character range, the shape `vscode.Range` takes (converted at the edge). */
export interface LineRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export interface TurnNode {
  /** 1-based assistant turn: the answer to the n-th user message. */
  turn: number;
  label: string;
  range: LineRange;
}

export interface AssertionNode {
  /** Index in `expected.assert` (or in `defaults.assert` when `fromDefaults`). */
  index: number;
  type: string;
  turn: number | undefined;
  fromDefaults: boolean;
  /** Whether the assertion writes its own `value` (else a reference comes from `expected.content`). */
  hasValue: boolean;
  range: LineRange;
}

export interface CaseNode {
  id: string;
  /** Index in the file's `cases` list. */
  index: number;
  title: string;
  kind: 'conversation' | 'manual';
  /** As written (the schema defaults when absent): the Testing view's tags come from these. */
  priority: string;
  category: string;
  /** draft / ready / deprecated as written (absent: draft, the schema's default); drafts get the review lenses. */
  status: string;
  tags: string[];
  jiraKey: string | undefined;
  range: LineRange;
  /** Only for conversations with more than one user message. */
  turns: TurnNode[];
  assertions: AssertionNode[];
  /** The `requirements:` list, where llm-judge failures point. */
  requirementsRange: LineRange | undefined;
  /** Set when this case has schema errors: the first one. */
  error: string | undefined;
}

export interface FileNode {
  suite: string | undefined;
  story: string | undefined;
  cases: CaseNode[];
  /** The first error of the file, shown on the file item; cases are still listed when they have an id. */
  error: string | undefined;
}

/** Converts core's 1-based span to an editor range. */
export function toLineRange(span: Span): LineRange {
  return {
    startLine: span.start.line - 1,
    startCharacter: span.start.col - 1,
    endLine: span.end.line - 1,
    endCharacter: span.end.col - 1,
  };
}

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);
const asString = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/**
 * The test tree of one parsed case file: file → case → turn (for multi-turn
 * conversations), each with the range of its YAML node. Works on the raw data, so a
 * file with an error elsewhere still lists its other cases (with ids) and keeps
 * their run buttons.
 */
export function buildCaseTree(parsed: ParsedCaseFile): FileNode {
  const data = parsed.data;
  const firstError = parsed.diagnostics.find((d) => d.severity === 'error');
  if (!isRecord(data)) {
    return { suite: undefined, story: undefined, cases: [], error: firstError?.message ?? 'not a case file' };
  }
  const errorsByCase = new Map<number, string>();
  for (const d of parsed.diagnostics) {
    if (d.severity === 'error' && d.path[0] === 'cases' && typeof d.path[1] === 'number' && !errorsByCase.has(d.path[1])) {
      errorsByCase.set(d.path[1], d.message);
    }
  }
  const defaults = isRecord(data.defaults) ? data.defaults : undefined;
  const defaultAsserts = Array.isArray(defaults?.assert) ? defaults.assert : [];
  const cases: CaseNode[] = [];
  const seen = new Set<string>();
  const rawCases = Array.isArray(data.cases) ? data.cases : [];
  rawCases.forEach((raw, index) => {
    if (!isRecord(raw)) return;
    const id = asString(raw.id)?.toLowerCase();
    // Without a stable id there is nothing to run or report against; the diagnostic says so.
    if (!id || seen.has(id)) return;
    seen.add(id);
    const kind = raw.kind === 'manual' ? 'manual' : 'conversation';
    const turns: TurnNode[] = [];
    const input = isRecord(raw.input) ? raw.input : undefined;
    const messages = Array.isArray(input?.messages) ? input.messages : [];
    const userMessages = messages.flatMap((m, i) => (isRecord(m) && m.role === 'user' ? [{ m, i }] : []));
    if (kind === 'conversation' && userMessages.length > 1) {
      userMessages.forEach(({ m, i }, n) => {
        const content = asString(m.content) ?? '';
        turns.push({
          turn: n + 1,
          label: `Turn ${n + 1}: ${content.length > 60 ? `${content.slice(0, 57)}...` : content}`,
          range: toLineRange(parsed.locate(['cases', index, 'input', 'messages', i])),
        });
      });
    }
    const expected = isRecord(raw.expected) ? raw.expected : undefined;
    const assertions: AssertionNode[] = [];
    const pushAsserts = (list: unknown[], fromDefaults: boolean) =>
      list.forEach((a, i) => {
        if (!isRecord(a)) return;
        const path = fromDefaults ? ['defaults', 'assert', i] : ['cases', index, 'expected', 'assert', i];
        assertions.push({
          index: i,
          type: asString(a.type) ?? 'unknown',
          turn: typeof a.turn === 'number' ? a.turn : undefined,
          fromDefaults,
          hasValue: a.value !== undefined,
          range: toLineRange(parsed.locate(path)),
        });
      });
    pushAsserts(Array.isArray(expected?.assert) ? expected.assert : [], false);
    if (kind === 'conversation') pushAsserts(defaultAsserts, true);
    const jira = isRecord(raw.jira) ? asString(raw.jira.key) : undefined;
    const source = isRecord(raw.source) && raw.source.kind === 'jira' ? asString(raw.source.story) : undefined;
    cases.push({
      id,
      index,
      title: asString(raw.title)?.trim() || `(untitled case ${index + 1})`,
      kind,
      priority: asString(raw.priority) ?? 'medium',
      category: asString(raw.category) ?? 'functional',
      status: asString(raw.status) ?? 'draft',
      tags: Array.isArray(raw.tags) ? raw.tags.filter((t): t is string => typeof t === 'string') : [],
      jiraKey: jira ?? source,
      range: toLineRange(parsed.locate(['cases', index])),
      turns,
      assertions,
      requirementsRange: Array.isArray(expected?.requirements)
        ? toLineRange(parsed.locate(['cases', index, 'expected', 'requirements']))
        : undefined,
      error: errorsByCase.get(index),
    });
  });
  const topError = parsed.diagnostics.find((d) => d.severity === 'error' && d.path[0] !== 'cases');
  return {
    suite: asString(data.suite),
    story: asString(data.story),
    cases,
    error: topError?.message ?? (cases.length === 0 ? firstError?.message : undefined),
  };
}
