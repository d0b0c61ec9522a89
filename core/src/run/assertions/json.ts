// JSON family: is-json, json-schema. Schemas are checked by ajv (draft 2020-12 and draft-07).
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import type { Handler, HandlerResult } from './types.js';

// ajv is loaded on first use: most runs never check a schema, and the CLI starts faster without it.
let ajv: Promise<Ajv2020> | undefined;
const compiled = new WeakMap<object, ReturnType<Ajv2020['compile']>>();

async function validator(schema: Record<string, unknown>) {
  let validate = compiled.get(schema);
  if (validate) return validate;
  ajv ??= import('ajv/dist/2020.js').then(({ Ajv2020: Ajv }) => new Ajv({ allErrors: true, strict: false }));
  const instance = await ajv;
  try {
    validate = instance.compile(schema);
  } catch (error) {
    throw new AssertionConfigError(`the JSON Schema in 'value' is invalid: ${(error as Error).message}`);
  }
  compiled.set(schema, validate);
  return validate;
}

function parse(output: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(output.trim()) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
}

async function check(output: string, schema: Record<string, unknown> | undefined): Promise<HandlerResult> {
  const parsed = parse(output);
  if (!parsed.ok) return { pass: false, score: 0, reason: `output is not JSON: ${parsed.message}`, actual: output };
  if (!schema) return { pass: true, score: 1, reason: 'output is valid JSON' };
  const validate = await validator(schema);
  if (validate(parsed.value)) return { pass: true, score: 1, reason: 'output is JSON matching the schema' };
  const problems = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
  return { pass: false, score: 0, reason: `output JSON does not match the schema: ${problems.join('; ')}`, actual: output };
}

export const isJson: Handler<'is-json'> = ({ params, output }) => check(output, params.value);
export const jsonSchema: Handler<'json-schema'> = ({ params, output }) => check(output, params.value);
