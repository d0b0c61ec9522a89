// Property test: random mutations of valid case files never crash the parser;
// each yields either a valid suite or at least one error located inside the file.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCaseFile } from './case-file.js';

const examplesDir = path.resolve(import.meta.dirname, '../../../examples');
const seeds = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.cases.yaml'))
  .map((f) => readFileSync(path.join(examplesDir, f), 'utf8'));

const YAML_SHARDS = [
  ':',
  '- ',
  '  ',
  '\t',
  '"',
  "'",
  '#',
  '{',
  '}',
  '[',
  ']',
  '&a',
  '*a',
  '|',
  '>',
  '\n',
  '---',
  '!!int',
  'null',
  '~',
  '0x1F',
  '-1',
  'AC-0',
  '😀',
];

const mutation = fc.oneof(
  // delete a range of characters
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  // insert YAML-significant text
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    text: fc.oneof(fc.constantFrom(...YAML_SHARDS), fc.string({ maxLength: 8 })),
  }),
  // swap two lines
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
  // duplicate a line
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat() }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function apply(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'delete': {
      const at = m.at % Math.max(1, text.length);
      return text.slice(0, at) + text.slice(at + m.length);
    }
    case 'insert': {
      const at = m.at % (text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'swap': {
      const lines = text.split('\n');
      const a = m.a % lines.length;
      const b = m.b % lines.length;
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'dup': {
      const lines = text.split('\n');
      const at = m.at % lines.length;
      lines.splice(at, 0, lines[at]!);
      return lines.join('\n');
    }
  }
}

describe('parseCaseFile under random mutations', () => {
  it('never throws and always returns a valid suite or located errors', () => {
    expect(seeds.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: seeds.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, mutations) => {
        const text = mutations.reduce(apply, seeds[seed]!);
        const parsed = parseCaseFile(text, 'mutated.cases.yaml');
        const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
        if (parsed.suite) {
          expect(errors).toEqual([]);
          return;
        }
        expect(errors.length).toBeGreaterThan(0);
        const lineCount = text.split('\n').length;
        for (const error of errors) {
          expect(error.start.line).toBeGreaterThanOrEqual(1);
          expect(error.start.line).toBeLessThanOrEqual(lineCount);
          expect(error.start.col).toBeGreaterThanOrEqual(1);
          expect(error.message.length).toBeGreaterThan(5);
          expect(error.message).not.toMatch(/Invalid input|\[object Object\]|undefined/);
        }
      }),
      { numRuns: 400, seed: 20261122 },
    );
  });
});
