// The javascript assertion through the real sandbox worker processes (Node's permission
// model, a fresh vm context per evaluation): what users write, and what hostile
// expressions try. Every probe must end as a result on the case, never take the runner down.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { input, no, ok } from './__fixtures__/handler-input.js';
import { createJavascriptHandler } from './javascript.js';
import { createAssertionSandbox } from './sandbox/sandbox-pool.js';

const sandbox = createAssertionSandbox({ size: 2, memoryMb: 64 });
const javascript = createJavascriptHandler(() => sandbox);
afterAll(() => sandbox.close());

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
  ])('%s', async (_n, value, output, result) => {
    expect(await javascript(input({ value }, output, { vars: { name: 'Lena' } }))).toEqual(result);
  });

  it('stops an endless loop at the timeout', async () => {
    expect(await javascript(input({ value: '(() => { while (true) {} })()', timeoutMs: 50 }, 'x'))).toEqual(
      no('javascript expression did not finish within 50 ms'),
    );
  });

  it('a syntax error is a configuration error', async () => {
    await expect(javascript(input({ value: 'output.includes(' }, 'x'))).rejects.toThrow(/javascript expression does not compile/);
  });
});

describe('javascript sandbox: hostile expressions', () => {
  const marker = path.join(mkdtempSync(path.join(tmpdir(), 'cw-sandbox-')), 'pwned');
  const exec = `require('child_process').execSync('touch ${marker}')`;

  it.each([
    ['process', 'typeof process === "undefined"'],
    ['require', 'typeof require === "undefined"'],
    ['fetch', 'typeof fetch === "undefined"'],
    ['WebAssembly', 'typeof WebAssembly === "undefined"'],
  ])('has no %s in scope', async (_n, value) => {
    expect((await javascript(input({ value }, 'x'))).pass).toBe(true);
  });

  it.each([
    ['the outer realm through a constructor', `output.constructor.constructor("return process")().mainModule.${exec}`],
    ['the outer realm through this', `this.constructor.constructor("return process")()`],
    // The escape of issue 13: the rejection of import() comes from the runner's realm.
    [
      'dynamic import',
      `import("node:child_process").then((cp) => cp.execSync('touch ${marker}'), (e) => e.constructor.constructor("return process")().mainModule.${exec})`,
    ],
    [
      'dynamic import, awaited',
      `(async () => { const cp = await import("node:child_process"); cp.execSync('touch ${marker}'); return true })()`,
    ],
  ])('cannot reach the runner through %s', async (_n, value) => {
    const result = await javascript(input({ value }, 'x'));
    expect(result.pass).toBe(false);
    // Give any stray promise in the worker a moment: nothing may have run.
    await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(marker)).toBe(false);
  });

  it('a thrown object whose message getter never returns is killed at the wall clock; the next assertion still runs', async () => {
    const started = Date.now();
    const result = await javascript(input({ value: '(() => { throw { get message() { for (;;) {} } } })()', timeoutMs: 100 }, 'x'));
    expect(result).toEqual(no('javascript expression did not finish within 100 ms (stopped)'));
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((await javascript(input({ value: 'true' }, 'x'))).pass).toBe(true);
  });

  it('a rejected promise is a failed check, not a crash', async () => {
    expect(await javascript(input({ value: 'Promise.reject(new Error("boom"))' }, 'x'))).toEqual(
      no('expression returned an object; it must return true/false or a score from 0 to 1'),
    );
    expect((await javascript(input({ value: '1 === 1' }, 'x'))).pass).toBe(true);
  });

  it('a large allocation hits the memory cap; the worker is replaced', async () => {
    const heap = await javascript(
      input({ value: '(() => { const a = []; for (;;) a.push("x".repeat(1e6) + a.length) })()', timeoutMs: 20_000 }, 'x'),
    );
    expect(heap.pass).toBe(false);
    expect(heap.reason).toMatch(/ran out of memory|did not finish/);
    const buffers = await javascript(
      input({ value: '(() => { const a = []; for (;;) a.push(new Uint8Array(1e8).fill(1)) })()', timeoutMs: 20_000 }, 'x'),
    );
    expect(buffers.pass).toBe(false);
    expect((await javascript(input({ value: 'output === "x"' }, 'x'))).pass).toBe(true);
  }, 60_000);
});
