import type { ConversationFilter } from '@casewright/core';

/** Parses `since=2026-01-01 until=... model=... search="a b" limit=50` into a filter. */
export function parseFilterText(text: string): Omit<ConversationFilter, 'cursor'> {
  const filter: Omit<ConversationFilter, 'cursor'> = {};
  for (const match of text.matchAll(/(\w+)=("([^"]*)"|\S+)/g)) {
    const key = match[1]!;
    const value = match[3] ?? match[2]!;
    switch (key) {
      case 'since':
      case 'until':
      case 'model':
      case 'search':
        filter[key] = value;
        break;
      case 'limit': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1) throw new Error(`limit=${value}: must be a whole number ≥ 1`);
        filter.limit = n;
        break;
      }
      default:
        throw new Error(`unknown filter '${key}': use since, until, model, search or limit`);
    }
  }
  const rest = text.replace(/(\w+)=("([^"]*)"|\S+)/g, '').trim();
  if (rest) throw new Error(`cannot read '${rest}': write filters as key=value, e.g. since=2026-01-01 limit=50`);
  return filter;
}
