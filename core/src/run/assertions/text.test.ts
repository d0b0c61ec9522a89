import { describe, expect, it } from 'vitest';
import { input, no, ok } from './__fixtures__/handler-input.js';
import { contains, containsAll, containsAny, equals, icontains, regex, startsWith } from './text.js';
import { isJson, jsonSchema } from './json.js';
import { cost, latency, length } from './metrics.js';

describe('equals', () => {
  it.each([
    [
      'same text',
      'Refund approved',
      '  Refund approved\n',
      ok('output equals the expected text', { expected: 'Refund approved', actual: '  Refund approved\n' }),
    ],
    [
      'different case',
      'Refund approved',
      'refund approved',
      no('output differs from the expected text', { expected: 'Refund approved', actual: 'refund approved' }),
    ],
  ])('%s', (_n, value, output, result) => {
    expect(equals(input({ value }, output))).toEqual(result);
  });
});

describe('contains and icontains', () => {
  it.each([
    ['contains: present', contains, 'refund', 'Your refund is on its way', ok('output contains "refund"')],
    [
      'contains: wrong case',
      contains,
      'Refund',
      'your refund',
      no('output does not contain "Refund"', { expected: 'Refund', actual: 'your refund' }),
    ],
    ['icontains: any case', icontains, 'REFUND', 'your Refund', ok('output contains "REFUND" (ignoring case)')],
    [
      'icontains: absent',
      icontains,
      'refund',
      'store credit',
      no('output does not contain "refund" (ignoring case)', { expected: 'refund', actual: 'store credit' }),
    ],
  ])('%s', (_n, handler, value, output, result) => {
    expect(handler(input({ value }, output))).toEqual(result);
  });
});

describe('contains-any and contains-all', () => {
  it.each([
    ['any: one found', ['30 days', '30-day'], 'within our 30-day window', ok('output contains "30-day"')],
    ['any: none found', ['agent', 'human'], 'Please wait', no('output contains none of "agent", "human"', { actual: 'Please wait' })],
  ])('%s', (_n, value, output, result) => {
    expect(containsAny(input({ value }, output))).toEqual(result);
  });
  it.each([
    ['all: every one', ['3-5', '1-2'], 'standard 3-5, express 1-2', ok('output contains all of "3-5", "1-2"')],
    [
      'all: one missing scores the share found',
      ['3-5', '1-2', 'free'],
      'standard 3-5, express 1-2',
      { pass: false, score: 2 / 3, reason: 'output is missing "free"', actual: 'standard 3-5, express 1-2' },
    ],
  ])('%s', (_n, value, output, result) => {
    expect(containsAll(input({ value }, output))).toEqual(result);
  });
});

describe('regex and starts-with', () => {
  it.each([
    ['matches with flags', { value: '\\b30[- ]day', flags: 'i' }, 'The 30-Day window', ok('output matches /\\b30[- ]day/i at "30-Day"')],
    ['no match', { value: '^\\d+$' }, 'abc', no('output does not match /^\\d+$/', { actual: 'abc' })],
  ])('regex %s', async (_n, params, output, result) => {
    expect(await regex(input(params, output))).toEqual(result);
  });
  it('regex: an invalid pattern is a configuration error, not a failure', async () => {
    await expect(regex(input({ value: '(' }, 'x'))).rejects.toThrow(/regex "\(" is not a valid regular expression/);
  });
  it('regex: a pattern that backtracks catastrophically fails the check instead of hanging the run', async () => {
    const result = await regex(input({ value: '^(a+)+$' }, `${'a'.repeat(40)}!`));
    expect(result).toMatchObject({ pass: false, reason: expect.stringMatching(/did not finish within 1000 ms/) });
  }, 30_000);
  it.each([
    ['after leading space', 'Hello', '  Hello Lena', ok('output starts with "Hello"')],
    [
      'different start',
      'Hallo',
      'Hello Lena',
      no('output starts with "Hello Lena", not "Hallo"', { expected: 'Hallo', actual: 'Hello Lena' }),
    ],
  ])('starts-with %s', (_n, value, output, result) => {
    expect(startsWith(input({ value }, output))).toEqual(result);
  });
});

describe('is-json and json-schema', () => {
  const schema = { type: 'object', required: ['status'], properties: { status: { enum: ['shipped', 'pending'] } } };
  it.each([
    ['is-json: valid', isJson, undefined, '{"a":1}', ok('output is valid JSON')],
    [
      'is-json: not JSON',
      isJson,
      undefined,
      'Sure! {"a":1}',
      no(
        `output is not JSON: ${(() => {
          try {
            JSON.parse('Sure! {"a":1}');
          } catch (e) {
            return (e as Error).message;
          }
        })()}`,
        { actual: 'Sure! {"a":1}' },
      ),
    ],
    ['is-json with a schema: matches', isJson, schema, '{"status":"shipped"}', ok('output is JSON matching the schema')],
    ['json-schema: matches', jsonSchema, schema, ' {"status":"pending"} ', ok('output is JSON matching the schema')],
    [
      'json-schema: wrong value',
      jsonSchema,
      schema,
      '{"status":"lost"}',
      no('output JSON does not match the schema: /status must be equal to one of the allowed values', { actual: '{"status":"lost"}' }),
    ],
    [
      'json-schema: missing field',
      jsonSchema,
      schema,
      '{}',
      no("output JSON does not match the schema: (root) must have required property 'status'", { actual: '{}' }),
    ],
  ])('%s', async (_n, handler, value, output, result) => {
    expect(await handler(input({ value: value as Record<string, unknown> }, output))).toEqual(result);
  });
  it('json-schema: an invalid schema is a configuration error', async () => {
    await expect(jsonSchema(input({ value: { type: 'nonsense' } }, '{}'))).rejects.toThrow(/the JSON Schema in 'value' is invalid/);
  });
});

describe('length, latency and cost', () => {
  it.each([
    ['chars within', { max: 10 }, 'short', ok('output has 5 characters; within 0..10')],
    ['chars over', { max: 3 }, 'short', no('output has 5 characters; outside 0..3')],
    ['words within', { min: 2, max: 4, unit: 'words' as const }, 'three little words', ok('output has 3 words; within 2..4')],
    ['words under', { min: 5, unit: 'words' as const }, 'too few', no('output has 2 words; outside 5..∞')],
  ])('length %s', (_n, params, output, result) => {
    expect(length(input(params, output))).toEqual(result);
  });
  it('length without min or max is a configuration error', () => {
    expect(() => length(input({}, 'x'))).toThrow('length needs min, max or both');
  });
  it.each([
    ['within', 1500, 412.4, ok('answered in 412 ms; within the limit of 1500 ms')],
    ['over', 300, 412.4, no('answered in 412 ms; over the limit of 300 ms')],
    ['not measured', 300, undefined, no('no latency was measured for this turn')],
  ])('latency %s', (_n, max, latencyMs, result) => {
    expect(latency(input({ max }, 'x', { latencyMs }))).toEqual(result);
  });
  it.each([
    ['within', 0.01, 0.0042, ok('cost $0.0042; within the limit of $0.01')],
    ['over', 0.001, 0.0042, no('cost $0.0042; over the limit of $0.001')],
    ['not reported counts as free', 0.001, undefined, ok('cost $0 (the target reports no cost); within the limit of $0.001')],
  ])('cost %s', (_n, max, spent, result) => {
    expect(cost(input({ max }, 'x', { cost: spent }))).toEqual(result);
  });
});
