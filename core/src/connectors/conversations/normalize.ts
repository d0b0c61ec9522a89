import type { Conversation, ConversationMessage } from './conversation-source.js';

const ROLES = new Set(['system', 'user', 'assistant']);
const CANONICAL = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

export type NormalizedRow = { conversation: Conversation } | { reason: string; conversationId?: string | undefined };

function parseJsonField(value: unknown, field: string): { value: unknown } | { reason: string } {
  if (typeof value !== 'string') return { value };
  try {
    return { value: JSON.parse(value) as unknown };
  } catch (error) {
    return { reason: `${field} is not valid JSON (${(error as Error).message})` };
  }
}

/** A timestamp of any form the engines hand back (ISO text, epoch ms, Date, BigQuery's `{value}`) as ISO UTC. */
export function normalizeTimestamp(value: unknown): string | undefined | { reason: string } {
  if (value === null || value === undefined || value === '') return undefined;
  // Already canonical (what exports and this function write): skip the parse-and-format round trip.
  if (typeof value === 'string' && CANONICAL.test(value)) return value;
  const raw = typeof value === 'object' && value !== null && 'value' in value ? (value as { value: unknown }).value : value;
  const ms = raw instanceof Date ? raw.getTime() : typeof raw === 'number' ? raw : typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(ms)) return { reason: `timestamp ${JSON.stringify(String(raw)).slice(0, 60)} is not a date` };
  return new Date(ms).toISOString();
}

/**
 * Turns one raw record (a JSONL line, a DuckDB or BigQuery row with the mapped
 * column names) into a Conversation, or says why it cannot: messages that are
 * not valid JSON, unknown roles, an empty conversation. `messages` and
 * `metadata` may be JSON text (how BigQuery exports often store them) or values.
 */
export function normalizeRow(raw: unknown): NormalizedRow {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { reason: 'not a JSON object' };
  const record = raw as Record<string, unknown>;
  const id = typeof record.id === 'string' || typeof record.id === 'number' ? String(record.id).trim() : '';
  if (!id) return { reason: "missing 'id'" };
  const fail = (reason: string): NormalizedRow => ({ reason, conversationId: id });

  const parsed = parseJsonField(record.messages, 'messages');
  if ('reason' in parsed) return fail(parsed.reason);
  if (parsed.value === null || parsed.value === undefined) return fail('empty conversation (no messages)');
  if (!Array.isArray(parsed.value)) return fail('messages must be a list of {role, content}');
  if (parsed.value.length === 0) return fail('empty conversation (no messages)');
  const messages: ConversationMessage[] = [];
  for (const [index, message] of (parsed.value as unknown[]).entries()) {
    const where = `message ${index + 1}`;
    if (message === null || typeof message !== 'object') return fail(`${where} is not an object with role and content`);
    const { role, content } = message as Record<string, unknown>;
    if (typeof role !== 'string' || !ROLES.has(role))
      return fail(`${where} has unknown role ${JSON.stringify(role ?? null)} (expected system, user or assistant)`);
    if (typeof content !== 'string') return fail(`${where} has no text content`);
    messages.push({ role: role as ConversationMessage['role'], content });
  }
  if (!messages.some((m) => m.content.trim() !== '')) return fail('empty conversation (every message is blank)');

  const timestamp = normalizeTimestamp(record.timestamp);
  if (typeof timestamp === 'object') return fail(timestamp.reason);
  const meta = parseJsonField(record.metadata ?? {}, 'metadata');
  if ('reason' in meta) return fail(meta.reason);
  const metadata = meta.value ?? {};
  if (typeof metadata !== 'object' || Array.isArray(metadata)) return fail('metadata must be an object');
  const model = typeof record.model === 'string' && record.model !== '' ? record.model : undefined;
  return { conversation: { id, model, timestamp, messages, metadata: metadata as Record<string, unknown> } };
}
