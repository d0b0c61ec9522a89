import type { TestCaseInput } from '../model/case.js';
import { nameBasedCaseId } from '../model/case-id.js';

/** Namespace of Casewright's name-based case ids (a fixed random UUID). */
const NAMESPACE = Buffer.from('5b0f3c2e8a7d4c41b6f29d0e7a1c3b58', 'hex');

/**
 * A name-based UUID (version 5, RFC 9562 §5.5) for `name` in Casewright's namespace.
 * The offline generator is deterministic, so the same story gives the same case ids on
 * every run: a re-run finds its earlier cases by id, exactly.
 */
export function nameBasedUuid(name: string): string {
  return nameBasedCaseId(name, NAMESPACE);
}

/**
 * The part of a case a person writes: what it checks and how. Status, version,
 * audit, Jira link and run stats are left out: reviewing a case (draft → ready)
 * is not editing it.
 */
export function caseContent(c: TestCaseInput): Record<string, unknown> {
  const common = { kind: c.kind, title: c.title, covers: c.covers ?? [], priority: c.priority ?? 'medium' };
  if (c.kind === 'manual') return { ...common, preconditions: c.preconditions ?? [], steps: c.steps };
  return { ...common, messages: c.input.messages, requirements: c.expected?.requirements ?? [], content: c.expected?.content };
}

/** True when two cases have the same content (see `caseContent`). */
export function sameContent(a: TestCaseInput, b: TestCaseInput): boolean {
  return JSON.stringify(caseContent(a)) === JSON.stringify(caseContent(b));
}
