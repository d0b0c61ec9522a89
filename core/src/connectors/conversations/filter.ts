import { createHash } from 'node:crypto';
import { UsageError } from '../../errors/usage-error.js';
import type { Conversation, ConversationFilter } from './conversation-source.js';

/**
 * The filter semantics every source implements, in one place: the JSONL source
 * applies them in JS with `matchesFilter`, the SQL sources translate the same
 * resolved values into named parameters.
 */
export interface ResolvedFilter {
  model?: string | undefined;
  /** Inclusive lower bound (ISO, UTC). */
  since?: string | undefined;
  /** Upper bound (ISO, UTC); inclusive when `untilInclusive`. */
  until?: string | undefined;
  untilInclusive: boolean;
  /** Lower-cased search text. */
  search?: string | undefined;
  /** Metadata equality as [key, value as text]. */
  metadata: [string, string][];
  sample?: { n: number; seed: number } | undefined;
  limit?: number | undefined;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function parseBound(value: string, flag: 'since' | 'until'): { iso: string; dateOnly: boolean } {
  const trimmed = value.trim();
  const dateOnly = DATE_ONLY.test(trimmed);
  const ms = Date.parse(dateOnly ? `${trimmed}T00:00:00Z` : trimmed);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    throw new UsageError(`--${flag} '${value}': expected a date such as 2026-01-31 or a date-time such as 2026-01-31T09:30:00Z`);
  }
  return { iso: new Date(ms).toISOString(), dateOnly };
}

const DAY_MS = 86_400_000;

/** Validates a filter and resolves dates to UTC bounds; throws `UsageError` saying which option is wrong. */
export function resolveFilter(filter: ConversationFilter): ResolvedFilter {
  const since = filter.since ? parseBound(filter.since, 'since').iso : undefined;
  let until: string | undefined;
  let untilInclusive = true;
  if (filter.until) {
    const bound = parseBound(filter.until, 'until');
    // A date means "through the end of that day": everything before the next midnight.
    if (bound.dateOnly) {
      until = new Date(Date.parse(bound.iso) + DAY_MS).toISOString();
      untilInclusive = false;
    } else until = bound.iso;
  }
  if (since && until && since > until) throw new UsageError(`--since ${filter.since} is after --until ${filter.until}`);
  if (filter.sample) {
    const { n, seed } = filter.sample;
    if (!Number.isInteger(n) || n < 1) throw new UsageError('--sample must be a whole number ≥ 1');
    if (!Number.isInteger(seed)) throw new UsageError('--seed must be a whole number');
  }
  if (filter.limit !== undefined && (!Number.isInteger(filter.limit) || filter.limit < 1))
    throw new UsageError('--limit must be a whole number ≥ 1');
  const search = filter.search?.trim() ? filter.search.toLowerCase() : undefined;
  const metadata = Object.entries(filter.metadata ?? {}).map(([k, v]): [string, string] => {
    if (!k) throw new UsageError('--metadata needs key=value with a non-empty key');
    return [k, String(v)];
  });
  return { model: filter.model || undefined, since, until, untilInclusive, search, metadata, sample: filter.sample, limit: filter.limit };
}

/** How many rows the filter takes at most: the sample size and the limit, whichever is smaller. */
export function rowCap(filter: ResolvedFilter): number | undefined {
  const caps = [filter.sample?.n, filter.limit].filter((n): n is number => n !== undefined);
  return caps.length > 0 ? Math.min(...caps) : undefined;
}

/** A metadata value as text, the way the SQL engines' JSON_VALUE / json_extract_string render scalars. */
export function metadataText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** The JS form of the filter (everything except sample, limit and cursor). */
export function matchesFilter(conversation: Conversation, filter: ResolvedFilter): boolean {
  if (filter.model !== undefined && conversation.model !== filter.model) return false;
  if (filter.since !== undefined || filter.until !== undefined) {
    const ts = conversation.timestamp;
    if (ts === undefined) return false;
    if (filter.since !== undefined && ts < filter.since) return false;
    if (filter.until !== undefined && (filter.untilInclusive ? ts > filter.until : ts >= filter.until)) return false;
  }
  for (const [key, value] of filter.metadata) {
    if (metadataText(conversation.metadata[key]) !== value) return false;
  }
  if (filter.search !== undefined) {
    const search = filter.search;
    if (!conversation.messages.some((m) => m.content.toLowerCase().includes(search))) return false;
  }
  return true;
}

/** The sample order: md5 of `<seed>:<id>` as hex, which DuckDB (`md5`) and BigQuery (`TO_HEX(MD5(...))`) compute alike. */
export function sampleHash(seed: number, id: string): string {
  return createHash('md5').update(`${seed}:${id}`).digest('hex');
}

/** Keyset position after a row of an ordered result: the sort key, the id, and how many rows came before. */
export interface KeysetCursor {
  /** The sort key of the last row handled (sample hash, or timestamp for SQL engines). */
  key: string;
  id: string;
  /** Rows handled so far, so a resumed query takes only what is left of the sample or limit. */
  n: number;
}

export function encodeCursor(value: object): string {
  return JSON.stringify(value);
}

/** Parses a cursor of the expected shape; anything else is a `UsageError` (a state file from another source). */
export function decodeCursor<T extends object>(cursor: string, check: (value: Record<string, unknown>) => boolean): T {
  try {
    const value = JSON.parse(cursor) as unknown;
    if (value && typeof value === 'object' && check(value as Record<string, unknown>)) return value as T;
  } catch {
    // reported below
  }
  throw new UsageError(
    `cannot resume: the saved cursor ${JSON.stringify(cursor.slice(0, 80))} does not belong to this source; delete the import state file to start over`,
  );
}

export const isKeysetCursor = (v: Record<string, unknown>): boolean =>
  typeof v.key === 'string' && typeof v.id === 'string' && typeof v.n === 'number';
