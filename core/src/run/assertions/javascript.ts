// javascript: a user expression evaluated in a fresh node:vm context.
// The context is created from a null-prototype object and every value is
// rebuilt inside it from JSON, so no object of the runner's realm (and through
// it `process` or `require`) is reachable; string code generation (eval,
// new Function) is disabled. node:vm is not a security boundary against a
// hostile author, but case files are the team's own code, like a test file.
import vm from 'node:vm';
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import type { SyncHandler } from './types.js';
import { quote } from './quote.js';

const DEFAULT_TIMEOUT_MS = 1000;

export const javascript: SyncHandler<'javascript'> = ({ params, output, expected, vars, turn, requirements }) => {
  let script: vm.Script;
  const scope = JSON.stringify({ output, expected: expected ?? null, vars, turn, requirements });
  try {
    script = new vm.Script(
      `(() => { const { output, expected, vars, turn, requirements } = JSON.parse(${JSON.stringify(scope)}); return (\n${params.value}\n); })()`,
      { filename: 'assertion.js' },
    );
  } catch (error) {
    throw new AssertionConfigError(`javascript expression does not compile: ${(error as Error).message}`);
  }
  const context = vm.createContext(Object.create(null), {
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
  const timeout = params.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let value: unknown;
  try {
    value = script.runInContext(context, { timeout });
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    if (/timed out/i.test(message)) return { pass: false, score: 0, reason: `javascript expression did not finish within ${timeout} ms` };
    return { pass: false, score: 0, reason: `javascript expression threw: ${message}` };
  }
  if (typeof value === 'boolean')
    return { pass: value, score: value ? 1 : 0, reason: `expression ${quote(params.value, 60)} returned ${value}` };
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1) {
    return { pass: value >= 0.5, score: value, reason: `expression ${quote(params.value, 60)} returned score ${value}` };
  }
  return {
    pass: false,
    score: 0,
    reason: `expression returned ${typeof value === 'object' ? 'an object' : quote(String(value), 40)}; it must return true/false or a score from 0 to 1`,
  };
};
