import { ASSERTION_HELP, ASSERTION_TYPES, parseAssertionType } from '@casewright/core';

/** What the cursor's line is about, from its text alone (cheap enough for every keystroke). */
export type LineContext =
  { kind: 'assertion-type'; value: string; valueStart: number } | { kind: 'target'; value: string; valueStart: number } | { kind: 'other' };

const TYPE_LINE = /^(\s*(?:-\s+)?type:\s*)(["']?)([\w-]*)/;
const TARGET_LINE = /^(\s*(?:-\s+)?target:\s*)(["']?)([\w./-]*)/;

export function lineContext(line: string): LineContext {
  const type = TYPE_LINE.exec(line);
  if (type) return { kind: 'assertion-type', value: type[3]!, valueStart: type[1]!.length + type[2]!.length };
  const target = TARGET_LINE.exec(line);
  if (target) return { kind: 'target', value: target[3]!, valueStart: target[1]!.length + target[2]!.length };
  return { kind: 'other' };
}

/** Markdown help for an assertion type (hover), or undefined for an unknown type. */
export function assertionHelp(type: string): string | undefined {
  if (type === 'assert-set')
    return '**assert-set** — a group of assertions scored together; passes when its weighted score reaches `threshold` (default: all must pass).';
  const parsed = parseAssertionType(type);
  if (!parsed) return undefined;
  const help = ASSERTION_HELP[parsed.base];
  return parsed.negated ? `**${type}** — passes when \`${parsed.base}\` fails: ${help}` : `**${type}** — ${help}`;
}

/** Completion entries for assertion types: every base type, its `not-` form, and assert-set. */
export function assertionTypeCompletions(): { label: string; detail: string }[] {
  return [...ASSERTION_TYPES, 'assert-set'].map((label) => ({ label, detail: assertionHelp(label)?.replace(/\*\*/g, '') ?? '' }));
}
