import { describe, expect, it } from 'vitest';
import { input, no, ok } from './__fixtures__/handler-input.js';
import { javascript } from './javascript.js';

describe('javascript', () => {
  it.each([
    ['true', 'output.includes("refund")', 'refund ok', ok('expression "output.includes(\\"refund\\")" returned true')],
    [
      'false',
      '!/system prompt\\s*:/i.test(output)',
      'System prompt: secret',
      no('expression "!/system prompt\\\\s*:/i.test(output)" returned false'),
    ],
    [
      'a score',
      'output.length > 100 ? 1 : 0.25',
      'short',
      { pass: false, score: 0.25, reason: 'expression "output.length > 100 ? 1 : 0.25" returned score 0.25' },
    ],
    [
      'vars and turn are in scope',
      'output.includes(vars.name) && turn === 1',
      'Hallo Lena',
      ok('expression "output.includes(vars.name) && turn === 1" returned true'),
    ],
    [
      'a thrown error fails',
      'output.nope.deeper',
      'x',
      no("javascript expression threw: Cannot read properties of undefined (reading 'deeper')"),
    ],
    ['a string result fails', '"yes"', 'x', no('expression returned "yes"; it must return true/false or a score from 0 to 1')],
  ])('%s', (_n, value, output, result) => {
    expect(javascript(input({ value }, output, { vars: { name: 'Lena' } }))).toEqual(result);
  });

  it.each([
    ['process', 'typeof process'],
    ['require', 'typeof require'],
    ['the outer realm through a constructor', 'typeof (output.constructor.constructor("return process")())'],
    ['the outer realm through this', 'typeof this.constructor.constructor("return process")()'],
  ])('has no access to %s', (_n, value) => {
    const result = javascript(input({ value: `${value} === "object" ? false : true` }, 'x'));
    // Either the lookup finds nothing (true) or code generation is refused (threw): never the real process.
    expect(result.pass || /threw/.test(result.reason)).toBe(true);
    expect(result.reason).not.toMatch(/returned false$/);
  });

  it('stops an endless loop at the timeout', () => {
    expect(javascript(input({ value: '(() => { while (true) {} })()', timeoutMs: 50 }, 'x'))).toEqual(
      no('javascript expression did not finish within 50 ms'),
    );
  });

  it('a syntax error is a configuration error', () => {
    expect(() => javascript(input({ value: 'output.includes(' }, 'x'))).toThrow(/javascript expression does not compile/);
  });
});
