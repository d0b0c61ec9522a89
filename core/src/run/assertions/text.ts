// Text family: equals, contains, icontains, contains-any, contains-all, regex, starts-with.
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import type { HandlerResult, SyncHandler } from './types.js';
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

export const regex: SyncHandler<'regex'> = ({ params, output }) => {
  const pattern = compile(params.value, params.flags);
  const match = pattern.exec(output);
  return match
    ? verdict(true, `output matches /${params.value}/${params.flags ?? ''} at ${quote(match[0], 40)}`)
    : verdict(false, `output does not match /${params.value}/${params.flags ?? ''}`, { actual: output });
};

export const startsWith: SyncHandler<'starts-with'> = ({ params, output }) =>
  output.trimStart().startsWith(params.value)
    ? verdict(true, `output starts with ${quote(params.value)}`)
    : verdict(false, `output starts with ${quote(output.trimStart().slice(0, params.value.length + 10))}, not ${quote(params.value)}`, {
        expected: params.value,
        actual: output,
      });
