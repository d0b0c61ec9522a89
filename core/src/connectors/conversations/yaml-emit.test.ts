import fc from 'fast-check';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { emitSequenceItem, type YamlValue } from './yaml-emit.js';

// What `parseCaseFile` does: YAML 1.2 core schema, strict.
const readBack = (text: string): unknown => parse(text, { strict: true, uniqueKeys: true });

describe('emitSequenceItem', () => {
  it('writes a case in the block style case files use', () => {
    const text = emitSequenceItem(
      {
        id: 'a1',
        title: 'Where is my order?',
        tags: ['imported'],
        input: { messages: [{ role: 'user', content: 'Hi: order #12\nthanks' }] },
        skip: undefined,
      },
      2,
    );
    expect(text).toBe(
      [
        '  - id: a1',
        '    title: Where is my order?',
        '    tags:',
        '      - imported',
        '    input:',
        '      messages:',
        '        - role: user',
        '          content: |-',
        '            Hi: order #12',
        '            thanks',
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['true'],
    ['No'],
    ['12'],
    ['1e5'],
    ['.inf'],
    ['- x'],
    ['a: b'],
    ['a #b'],
    ['ends:'],
    [' lead'],
    ['trail '],
    ['{x}'],
    ['"q"'],
    ['tab\there'],
    [''],
  ])('quotes %j so it stays a string', (text) => {
    expect(readBack(`cases:\n${emitSequenceItem({ v: text }, 2)}`)).toEqual({ cases: [{ v: text }] });
  });

  const value: fc.Arbitrary<YamlValue> = fc.letrec((tie) => ({
    any: fc.oneof(
      { depthSize: 'small' },
      tie('leaf'),
      fc.array(tie('any'), { maxLength: 3 }),
      fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), tie('any'), { maxKeys: 3 }),
    ),
    leaf: fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom('a', ' ', '\n', ':', '#', '-', '|', '"', "'", '\t', '1', '.', '\r', 'é', '\u2028') }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Object.is(n, -0)),
      fc.boolean(),
      fc.constant(null),
    ),
  })).any as fc.Arbitrary<YamlValue>;

  it('round-trips any JSON-like value through the YAML parser', () => {
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 6 }), (v, indent) => {
        const text = `cases:\n${emitSequenceItem(v, indent)}`;
        expect(readBack(text)).toEqual({ cases: [v] });
      }),
      { numRuns: 3000 },
    );
  });
});
