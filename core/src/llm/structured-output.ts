/**
 * Structured output: a zod schema goes out as JSON Schema (the provider's native mode),
 * the answer comes back as text, and zod decides whether it is what we asked for.
 */
import { z } from 'zod';
import type { ChatMessage } from './language-model.js';

/** The JSON Schema sent to providers for a zod schema (draft-07 subset; no `$schema` key, which OpenAI rejects). */
export function toProviderJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

/**
 * OpenAI structured outputs and Anthropic tool input need an object at the root; any other
 * root (an array, a string) is sent wrapped as `{value: ...}` and unwrapped on the way back.
 */
export function toProviderObjectSchema(schema: z.ZodType): { schema: Record<string, unknown>; wrapped: boolean } {
  const json = toProviderJsonSchema(schema);
  if (json.type === 'object') return { schema: json, wrapped: false };
  const { $defs, definitions, ...inner } = json;
  const defs = ($defs ?? definitions) as Record<string, unknown> | undefined;
  return {
    schema: {
      type: 'object',
      properties: { value: inner },
      required: ['value'],
      additionalProperties: false,
      ...(defs ? { $defs: defs } : {}),
    },
    wrapped: true,
  };
}

/**
 * OpenAI strict mode needs every object closed (`additionalProperties: false`) with every
 * property required. Optional fields make a schema non-strict; we then send `strict: false`.
 */
export function isStrictCompatible(schema: unknown): boolean {
  if (Array.isArray(schema)) return schema.every(isStrictCompatible);
  if (!schema || typeof schema !== 'object') return true;
  const s = schema as Record<string, unknown>;
  if (s.type === 'object' || s.properties) {
    const props = (s.properties ?? {}) as Record<string, unknown>;
    const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
    if (s.additionalProperties !== false) return false;
    if (Object.keys(props).some((k) => !required.has(k))) return false;
  }
  return Object.entries(s).every(([key, value]) => key === 'required' || key === 'enum' || key === 'const' || isStrictCompatible(value));
}

export type ParseOutcome<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/** Models sometimes wrap JSON in a Markdown fence even in JSON mode; accept that. */
function unfence(text: string): string {
  const trimmed = text.trim();
  const fence = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/i.exec(trimmed);
  return fence?.[1] ?? trimmed;
}

/** Parses and validates an answer. Issues read `path: message` so a repair prompt can quote them. */
export function parseStructured<T>(text: string, schema: z.ZodType<T>, wrapped = false): ParseOutcome<T> {
  let data: unknown;
  try {
    data = JSON.parse(unfence(text));
  } catch (error) {
    return { ok: false, issues: [`invalid JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  if (wrapped) {
    if (!data || typeof data !== 'object' || !('value' in data))
      return { ok: false, issues: ["(root): expected an object with the answer under 'value'"] };
    data = (data as { value: unknown }).value;
  }
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    issues: result.error.issues.slice(0, 20).map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`),
  };
}

/** The follow-up turn of the one repair attempt: the model sees its answer and what was wrong. */
export function repairMessages(
  messages: readonly ChatMessage[],
  badText: string,
  issues: readonly string[],
  schemaName: string,
): ChatMessage[] {
  return [
    ...messages,
    { role: 'assistant', content: badText },
    {
      role: 'user',
      content:
        `Your answer is not valid '${schemaName}' JSON:\n${issues.map((i) => `- ${i}`).join('\n')}\n` +
        'Answer again with only the corrected JSON object, matching the schema exactly.',
    },
  ];
}
