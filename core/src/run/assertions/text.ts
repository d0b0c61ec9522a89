// Text family: equals, contains, icontains, contains-any, contains-all, regex, starts-with.
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import type { Handler, HandlerResult, SyncHandler } from './types.js';
import { sharedAssertionSandbox, type AssertionSandbox } from './sandbox/sandbox-pool.js';
import { quote } from './quote.js';

const verdict = (pass: boolean, reason: string, extra: Partial<HandlerResult> = {}): HandlerResult => ({
  pass,
  score: pass ? 1 : 0,
  reason,
  ...extra,
});

export const equals: SyncHandler<'equals'> = ({ params, output }) => {
  const pass = output.trim() === params.value.trim();
  return verdict(pass, pass ? 'output equals the expected text' : 'output differs from the expected text', {
    expected: params.value,
    actual: output,
  });
};

export const contains: SyncHandler<'contains'> = ({ params, output }) =>
  output.includes(params.value)
    ? verdict(true, `output contains ${quote(params.value)}`)
    : verdict(false, `output does not contain ${quote(params.value)}`, { expected: params.value, actual: output });

export const icontains: SyncHandler<'icontains'> = ({ params, output }) =>
  output.toLowerCase().includes(params.value.toLowerCase())
    ? verdict(true, `output contains ${quote(params.value)} (ignoring case)`)
    : verdict(false, `output does not contain ${quote(params.value)} (ignoring case)`, { expected: params.value, actual: output });

export const containsAny: SyncHandler<'contains-any'> = ({ params, output }) => {
  const found = params.value.filter((v) => output.includes(v));
  return found.length > 0
    ? verdict(true, `output contains ${found.map((v) => quote(v)).join(', ')}`)
    : verdict(false, `output contains none of ${params.value.map((v) => quote(v, 40)).join(', ')}`, { actual: output });
};

export const containsAll: SyncHandler<'contains-all'> = ({ params, output }) => {
  const missing = params.value.filter((v) => !output.includes(v));
  const score = (params.value.length - missing.length) / params.value.length;
  return missing.length === 0
    ? { pass: true, score: 1, reason: `output contains all of ${params.value.map((v) => quote(v, 40)).join(', ')}` }
    : { pass: false, score, reason: `output is missing ${missing.map((v) => quote(v, 40)).join(', ')}`, actual: output };
};

function compile(source: string, flags: string | undefined): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new AssertionConfigError(`regex ${quote(source)} is not a valid regular expression: ${(error as Error).message}`);
  }
}

const REGEX_TIMEOUT_MS = 1000;

/**
 * Matching runs in the assertion sandbox (a worker process), not in the runner: a
 * pattern that backtracks catastrophically on an answer would otherwise hang the run.
 */
export function createRegexHandler(sandbox: () => AssertionSandbox = sharedAssertionSandbox): Handler<'regex'> {
  return async ({ params, output, signal }) => {
    compile(params.value, params.flags);
    const shown = `/${params.value}/${params.flags ?? ''}`;
    const source = `(() => { const m = new RegExp(${JSON.stringify(params.value)}, ${JSON.stringify(params.flags ?? '')}).exec(${JSON.stringify(output)}); return m ? m[0] : null; })()`;
    const result = await sandbox().evaluate({ source, timeoutMs: REGEX_TIMEOUT_MS, signal });
    if (result.status === 'text') return verdict(true, `output matches ${shown} at ${quote(result.text, 40)}`);
    if (result.status === 'other') return verdict(false, `output does not match ${shown}`, { actual: output });
    if (result.status === 'timeout' || result.status === 'killed')
      return verdict(
        false,
        `matching ${shown} did not finish within ${REGEX_TIMEOUT_MS} ms (the pattern backtracks too much on this answer)`,
      );
    return verdict(false, `matching ${shown} failed: ${'message' in result ? result.message : result.status}`);
  };
}

export const regex: Handler<'regex'> = createRegexHandler();

export const startsWith: SyncHandler<'starts-with'> = ({ params, output }) =>
  output.trimStart().startsWith(params.value)
    ? verdict(true, `output starts with ${quote(params.value)}`)
    : verdict(false, `output starts with ${quote(output.trimStart().slice(0, params.value.length + 10))}, not ${quote(params.value)}`, {
        expected: params.value,
        actual: output,
      });
