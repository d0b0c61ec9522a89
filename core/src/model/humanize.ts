import type { core } from 'zod';
import { closest } from './suggest.js';

type Issue = core.$ZodIssue;

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `'${value.length > 40 ? `${value.slice(0, 37)}...` : value}'`;
  return `${typeof value} ${String(value)}`;
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
};

function unitOf(origin: string | undefined): string {
  switch (origin) {
    case 'string':
      return ' characters';
    case 'array':
    case 'set':
      return ' items';
    default:
      return '';
  }
}

function sizeOf(value: unknown): string {
  if (typeof value === 'string') return ` (it has ${value.length})`;
  if (Array.isArray(value)) return ` (it has ${value.length})`;
  if (typeof value === 'number') return ` (it is ${value})`;
  return '';
}

/**
 * Turns a zod issue into a sentence a case author understands, naming the
 * field. `value` is the offending value from the document (if any).
 */
export function humanizeIssue(issue: Issue, value: unknown, knownFields: Set<string>): string {
  const last = issue.path[issue.path.length - 1];
  const parent = issue.path[issue.path.length - 2];
  const name =
    typeof last === 'number'
      ? `item ${last + 1}${typeof parent === 'string' ? ` of '${parent}'` : ''}`
      : last === undefined
        ? 'the file'
        : `'${String(last)}'`;
  switch (issue.code) {
    case 'invalid_type': {
      if (value === undefined) return `missing required field ${name}`;
      const expected = TYPE_WORDS[issue.expected] ?? issue.expected;
      return `${name} must be ${expected}, found ${describeValue(value)}`;
    }
    case 'too_big': {
      const inclusive = issue.inclusive !== false;
      return `${name} must be ${inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}${unitOf(issue.origin)}${sizeOf(value)}`;
    }
    case 'too_small': {
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `${name} must not be empty`;
      if (issue.message && !issue.message.startsWith('Too small')) return `${name}: ${issue.message}`;
      const inclusive = issue.inclusive !== false;
      return `${name} must be ${inclusive ? 'at least' : 'more than'} ${String(issue.minimum)}${unitOf(issue.origin)}${sizeOf(value)}`;
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const hint = typeof value === 'string' ? closest(value, options) : undefined;
      return `${name} must be one of ${options.join(', ')}; found ${describeValue(value)}${hint ? ` (did you mean '${hint}'?)` : ''}`;
    }
    case 'invalid_union': {
      const extra = issue as { discriminator?: string; options?: unknown[] };
      if (extra.discriminator && extra.options) {
        const options = extra.options.map(String);
        if (value === undefined) return `missing required field '${extra.discriminator}' (one of ${options.join(', ')})`;
        const hint = typeof value === 'string' ? closest(value, options) : undefined;
        const plain = options.filter((o) => !o.startsWith('not-'));
        const list = options.length > 12 ? `${plain.join(', ')} (each but assert-set also as not-<type>)` : options.join(', ');
        return `${name} must be one of ${list}; found ${describeValue(value)}${hint ? ` (did you mean '${hint}'?)` : ''}`;
      }
      return `${name} does not match any allowed form`;
    }
    case 'unrecognized_keys': {
      const key = issue.keys[0] ?? '';
      const hint = closest(key, knownFields);
      return `unknown field '${key}'${hint && hint !== key ? ` (did you mean '${hint}'?)` : ''}`;
    }
    case 'invalid_format':
    case 'custom': {
      const found = value === undefined ? '' : `; found ${describeValue(value)}`;
      return issue.message.startsWith('must') ? `${name} ${issue.message}${found}` : `${name}: ${issue.message}`;
    }
    case 'not_multiple_of':
      return `${name} must be a multiple of ${String(issue.divisor)}`;
    default:
      return `${name}: ${issue.message}`;
  }
}
