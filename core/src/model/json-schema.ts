import { z } from 'zod';
import { SuiteSchema } from './suite.js';

export const CASE_FILE_SCHEMA_ID = 'https://casewright.dev/schema/cases.schema.json';

let cached: Record<string, unknown> | undefined;

/**
 * The JSON Schema (draft 2020-12) of a case file, generated from the zod model.
 * It describes the file as written (`io: 'input'`), so fields with defaults are optional.
 */
export function caseFileJsonSchema(): Record<string, unknown> {
  cached ??= {
    ...(z.toJSONSchema(SuiteSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>),
    $id: CASE_FILE_SCHEMA_ID,
    title: 'Casewright case file (*.cases.yaml)',
  };
  return structuredClone(cached);
}

/** Every property name the schema knows, for "did you mean" hints on unknown fields. */
export function knownFieldNames(): Set<string> {
  const names = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.properties && typeof record.properties === 'object') {
        for (const key of Object.keys(record.properties)) names.add(key);
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(caseFileJsonSchema());
  return names;
}
