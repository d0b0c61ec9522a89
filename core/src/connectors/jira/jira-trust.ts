/**
 * What a pull may take from Jira on its own, and what waits for a local review.
 *
 * Jira is a source of text: anyone who can edit an issue can also rewrite its
 * `casewright-case` entity property through the REST API, so the property is
 * untrusted input. A pull takes from it only the fields Jira users edit (an
 * allow-list: title, description, priority, status, covers, tags, category,
 * source, manual steps and preconditions, the conversation's messages, expected
 * answer and requirements). Every other field — assertions, thresholds,
 * targets, judges, vars, the kind, and any field added later — decides what
 * runs on a developer's machine; a change to it arriving from Jira becomes a
 * {@link PendingChange} that a person accepts or rejects locally.
 */
import { TestCaseSchema, type TestCase } from '../../model/case.js';
import { stableJson } from '../../util/stable-json.js';

/** One field whose Jira value differs from the local one and may only be taken after a local review. */
export interface PendingChange {
  /** Dotted field path, e.g. `expected.assert`, `target`, `input.vars`. */
  field: string;
  /** The value in the local case file (undefined: not set, or the case is not local yet). */
  local: unknown;
  /** The value Jira proposes (undefined: Jira removes it). */
  jira: unknown;
}

/** Fields a pull takes from Jira without a review (the text Jira users edit). */
export const JIRA_TEXT_FIELDS: readonly string[] = [
  'title',
  'description',
  'priority',
  'status',
  'covers',
  'tags',
  'category',
  'source',
  'audit',
  'preconditions',
  'steps',
  'input.messages',
  'expected.content',
  'expected.baseline',
  'expected.requirements',
];

/** Sync bookkeeping: never compared, never taken from the property's case. */
const BOOKKEEPING = new Set(['id', 'version', 'jira', 'stats']);
/** Objects whose fields are judged one by one (so a message edit does not hide an assertion change). */
const NESTED = new Set(['input', 'expected']);
const TEXT = new Set(JIRA_TEXT_FIELDS);

function fields(tc: TestCase | undefined): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!tc) return out;
  for (const [key, value] of Object.entries(tc)) {
    if (BOOKKEEPING.has(key) || value === undefined) continue;
    if (NESTED.has(key) && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [sub, v] of Object.entries(value as Record<string, unknown>)) if (v !== undefined) out.set(`${key}.${sub}`, v);
    } else out.set(key, value);
  }
  return out;
}

function setPath(target: Record<string, unknown>, field: string, value: unknown): void {
  const [head, sub] = field.split('.') as [string, string | undefined];
  if (sub === undefined) {
    if (value === undefined) delete target[head];
    else target[head] = value;
    return;
  }
  const inner = { ...((target[head] as Record<string, unknown> | undefined) ?? {}) };
  if (value === undefined) delete inner[sub];
  else inner[sub] = value;
  target[head] = inner;
}

/** Executable or run-steering fields where `jira` differs from `local` (every such field of `jira` when `local` is undefined). */
export function pendingChanges(local: TestCase | undefined, jira: TestCase): PendingChange[] {
  const a = fields(local ?? textOnlyCase(jira));
  const b = fields(jira);
  const changes: PendingChange[] = [];
  if (local && local.kind !== jira.kind) return [{ field: 'kind', local: local.kind, jira: jira.kind }];
  for (const field of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (TEXT.has(field)) continue;
    if (stableJson(a.get(field)) !== stableJson(b.get(field))) changes.push({ field, local: a.get(field), jira: b.get(field) });
  }
  return changes;
}

/**
 * `local` with the text fields Jira holds in `jira`: what a pull may take without a
 * review. Throws (zod) when the result is not a valid case; returns `local` when the
 * kinds differ (text of a manual case does not fit a conversation case).
 */
export function withJiraText(local: TestCase, jira: TestCase): TestCase {
  if (local.kind !== jira.kind) return local;
  const next: Record<string, unknown> = structuredClone(local) as unknown as Record<string, unknown>;
  const theirs = fields(jira);
  for (const field of JIRA_TEXT_FIELDS) {
    const [head] = field.split('.') as [string];
    // A text field of the other kind (steps on a conversation case) is not taken.
    if (!(head in next) && !(head in jira)) continue;
    if (field.includes('.') && !(head in next)) continue;
    setPath(next, field, structuredClone(theirs.get(field)));
  }
  return TestCaseSchema.parse(next);
}

/**
 * A case that is not local yet, as a pull may add it without a review: its text,
 * and none of its executable fields (no assertions, target, judge, vars or threshold).
 */
export function textOnlyCase(jira: TestCase): TestCase {
  const kept: Record<string, unknown> = { id: jira.id, kind: jira.kind, version: jira.version };
  const theirs = fields(jira);
  for (const field of JIRA_TEXT_FIELDS) if (theirs.has(field)) setPath(kept, field, structuredClone(theirs.get(field)));
  if (jira.kind === 'conversation') {
    kept.input = { ...((kept.input as object | undefined) ?? {}), messages: jira.input.messages };
    kept.expected = { ...((kept.expected as object | undefined) ?? {}), assert: [] };
  }
  return TestCaseSchema.parse(kept);
}
