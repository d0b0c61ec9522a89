// JSON family: is-json, json-schema. Schemas are checked by ajv (draft 2020-12 and draft-07).
import { Ajv2020 } from 'ajv/dist/2020.js';
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import type { Handler, HandlerResult } from './types.js';

let ajv: Ajv2020 | undefined;
const compiled = new WeakMap<object, ReturnType<Ajv2020['compile']>>();

function validator(schema: Record<string, unknown>) {
  let validate = compiled.get(schema);
  if (validate) return validate;
  ajv ??= new Ajv2020({ allErrors: true, strict: false });
  try {
    validate = ajv.compile(schema);
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

function check(output: string, schema: Record<string, unknown> | undefined): HandlerResult {
  const parsed = parse(output);
  if (!parsed.ok) return { pass: false, score: 0, reason: `output is not JSON: ${parsed.message}`, actual: output };
  if (!schema) return { pass: true, score: 1, reason: 'output is valid JSON' };
  const validate = validator(schema);
  if (validate(parsed.value)) return { pass: true, score: 1, reason: 'output is JSON matching the schema' };
  const problems = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}`);
  return { pass: false, score: 0, reason: `output JSON does not match the schema: ${problems.join('; ')}`, actual: output };
}

export const isJson: Handler<'is-json'> = ({ params, output }) => check(output, params.value);
export const jsonSchema: Handler<'json-schema'> = ({ params, output }) => check(output, params.value);
