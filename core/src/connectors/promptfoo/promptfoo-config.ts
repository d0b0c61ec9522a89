// The parts of a promptfoo config (promptfooconfig.yaml) the importer reads, as
// promptfoo documents them (promptfoo.dev/docs/configuration/reference): prompts,
// providers, tests (inline, or `file://` YAML/JSON files), defaultTest and its
// assertions. Everything else is accepted and reported as not imported.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CaseFileError } from '../../errors/case-file-error.js';
import { UsageError } from '../../errors/usage-error.js';
import { parseYamlWithSchema, type Span } from '../../model/yaml-schema.js';

export const PromptfooAssertionSchema = z.looseObject({
  type: z.string().min(1),
  value: z.unknown().optional(),
  threshold: z.number().optional(),
  weight: z.number().min(0).optional(),
  metric: z.string().optional(),
  assert: z.array(z.unknown()).optional(),
});
export type PromptfooAssertion = z.infer<typeof PromptfooAssertionSchema>;

export const PromptfooTestSchema = z.looseObject({
  description: z.string().optional(),
  vars: z.record(z.string(), z.unknown()).optional(),
  assert: z.array(PromptfooAssertionSchema).optional(),
  threshold: z.number().min(0).max(1).optional(),
  provider: z.unknown().optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  metadata: z.unknown().optional(),
});
export type PromptfooTest = z.infer<typeof PromptfooTestSchema>;

const PromptSchema = z.union([
  z.string(),
  z.looseObject({ raw: z.string().optional(), label: z.string().optional(), id: z.string().optional() }),
]);
const ProviderSchema = z.union([
  z.string(),
  z.looseObject({ id: z.string().optional(), label: z.string().optional(), config: z.record(z.string(), z.unknown()).optional() }),
]);

export const PromptfooConfigSchema = z.looseObject({
  description: z.string().optional(),
  prompts: z.union([PromptSchema, z.array(PromptSchema)]).optional(),
  providers: z.union([ProviderSchema, z.array(ProviderSchema)]).optional(),
  tests: z.union([z.string(), z.array(z.union([z.string(), PromptfooTestSchema]))]).optional(),
  defaultTest: PromptfooTestSchema.optional(),
});
export type PromptfooConfig = z.infer<typeof PromptfooConfigSchema>;

/** A YAML/JSON file read with positions, so every message can say `file:line:col`. */
export interface LocatedFile<T> {
  /** As shown in messages (relative to the working directory). */
  shown: string;
  /** Its directory: `file://` paths inside it resolve against it. */
  dir: string;
  value: T;
  /** `file:line:col` of a data path in it. */
  at(dataPath: readonly (string | number)[]): string;
}

const where = (shown: string, span: Span) => `${shown}:${span.start.line}:${span.start.col}`;

/** Reads a promptfoo YAML/JSON file and validates it with `schema`; errors are located. */
export async function readLocated<S extends z.ZodType>(
  file: string,
  cwd: string,
  schema: S,
  expected: string,
): Promise<LocatedFile<z.infer<S>>> {
  const shown = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`${shown}: no such file`);
  }
  const parsed = parseYamlWithSchema(text, shown, schema, {
    expected,
    emptyMessage: `the file is empty; expected ${expected}`,
    knownFields: () => new Set(['description', 'prompts', 'providers', 'tests', 'defaultTest', 'vars', 'assert', 'type', 'value']),
  });
  if (parsed.value === undefined) throw new CaseFileError(parsed.diagnostics);
  return { shown, dir: path.dirname(file), value: parsed.value, at: (dataPath) => where(shown, parsed.locate(dataPath)) };
}

/** `file://relative/path` → the absolute path (relative to `dir`); undefined for other strings. */
export function fileReference(value: unknown, dir: string): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('file://')) return undefined;
  return path.resolve(dir, value.slice('file://'.length));
}
