// javascript: a user expression, evaluated in a sandbox worker process (see
// sandbox/sandbox-pool.ts), never in the runner: whatever the expression does —
// loop, throw a hostile object, reject, allocate, try to reach `process` — the
// run goes on and the case reports it.
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import type { Handler } from './types.js';
import { quote } from './quote.js';
import { sharedAssertionSandbox, type AssertionSandbox } from './sandbox/sandbox-pool.js';

const DEFAULT_TIMEOUT_MS = 1000;

/** The `javascript` handler over a given sandbox (tests pass their own; the runner uses the shared one). */
export function createJavascriptHandler(sandbox: () => AssertionSandbox = sharedAssertionSandbox): Handler<'javascript'> {
  return async ({ params, output, expected, vars, turn, requirements, signal }) => {
    const scope = JSON.stringify({ output, expected: expected ?? null, vars, turn, requirements });
    const source = `(() => { const { output, expected, vars, turn, requirements } = JSON.parse(${JSON.stringify(scope)}); return (\n${params.value}\n); })()`;
    const timeout = params.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const result = await sandbox().evaluate({ source, timeoutMs: timeout, signal });
    switch (result.status) {
      case 'compile':
        throw new AssertionConfigError(`javascript expression does not compile: ${result.message}`);
      case 'aborted':
        return { pass: false, score: 0, reason: 'javascript expression was stopped (the run was aborted)' };
      case 'timeout':
        return { pass: false, score: 0, reason: `javascript expression did not finish within ${timeout} ms` };
      case 'killed':
        return { pass: false, score: 0, reason: `javascript expression ${result.message}` };
      case 'threw':
        return { pass: false, score: 0, reason: `javascript expression threw: ${result.message}` };
      case 'text':
        return {
          pass: false,
          score: 0,
          reason: `expression returned ${quote(result.text, 40)}; it must return true/false or a score from 0 to 1`,
        };
      case 'other':
        return { pass: false, score: 0, reason: `expression returned ${result.shown}; it must return true/false or a score from 0 to 1` };
      case 'value': {
        const value = result.value;
        if (typeof value === 'boolean')
          return { pass: value, score: value ? 1 : 0, reason: `expression ${quote(params.value, 60)} returned ${value}` };
        if (value >= 0 && value <= 1)
          return { pass: value >= 0.5, score: value, reason: `expression ${quote(params.value, 60)} returned score ${value}` };
        return { pass: false, score: 0, reason: `expression returned ${value}; it must return true/false or a score from 0 to 1` };
      }
    }
  };
}

export const javascript: Handler<'javascript'> = createJavascriptHandler();
