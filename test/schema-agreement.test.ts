// The JSON Schema that `casewright schema` prints is generated from the zod
// model. Here an independent validator (ajv, draft 2020-12) checks that it is a
// valid schema, accepts every example and rejects every broken-corpus file, in
// agreement with the zod validation.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { caseFileJsonSchema, parseCaseFile } from '@casewright/core';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const root = path.resolve(import.meta.dirname, '..');
const list = (dir: string) =>
  readdirSync(path.join(root, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.cases.yaml'))
    .map((f) => path.join(dir, f));

const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));
const schema = caseFileJsonSchema();
const validate = ajv.compile(schema);

const examples = list('examples');
const broken = list('test/fixtures/broken');

describe('the case file JSON Schema', () => {
  it('is a valid draft 2020-12 schema', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(ajv.validateSchema(schema)).toBe(true);
  });

  it('has example files and a broken corpus to check', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
    expect(broken.length).toBeGreaterThanOrEqual(15);
  });

  it.each(examples)('accepts %s, as zod does', (file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    const ok = validate(parse(text));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(parseCaseFile(text, file).suite).toBeDefined();
  });

  it.each(broken)('rejects %s, as zod does', (file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    expect(validate(parse(text))).toBe(false);
    const parsed = parseCaseFile(text, file);
    expect(parsed.suite).toBeUndefined();
    expect(parsed.diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(0);
  });
});
