import { describe, expect, it } from 'vitest';
import { classifyStatus, httpFailureToError, parseRetryAfter, parseRetryInfo, redact } from './provider-error.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    [{ 'retry-after-ms': '250' }, 250],
    [{ 'retry-after-ms': '12.6' }, 13],
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after': '0.5' }, 500],
    [{ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }, 10_000],
    [{ 'retry-after-ms': '100', 'retry-after': '7' }, 100],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%j -> %s', (headers, expected) => {
    expect(parseRetryAfter(headers, now)).toBe(expected);
    expect(parseRetryAfter(new Headers(headers as Record<string, string>), now)).toBe(expected);
  });
});

describe('parseRetryInfo (Gemini google.rpc.RetryInfo)', () => {
  it('reads retryDelay from the error details', () => {
    const body = {
      error: {
        code: 429,
        details: [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure' },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '37s' },
        ],
      },
    };
    expect(parseRetryInfo(body)).toBe(37_000);
    expect(parseRetryInfo({ error: { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.25s' }] } })).toBe(
      250,
    );
    expect(parseRetryInfo({ error: { message: 'x' } })).toBeUndefined();
    expect(parseRetryInfo('not an object')).toBeUndefined();
  });
});

describe('classifyStatus', () => {
  it.each([
    [401, '', 'auth', false],
    [403, '', 'auth', false],
    [400, '{"reason":"API_KEY_INVALID"}', 'auth', false],
    [400, 'Your credit balance is too low', 'quota', false],
    [429, '{"code":"insufficient_quota"}', 'quota', false],
    [429, 'rate limit', 'rate-limit', true],
    [408, '', 'timeout', true],
    [409, '', 'server', true],
    [404, '', 'not-found', false],
    [400, 'bad', 'bad-request', false],
    [500, '', 'server', true],
    [503, '', 'server', true],
    [529, '', 'server', true],
  ])('%i %s -> %s (retryable %s)', (status, body, kind, retryable) => {
    expect(classifyStatus(status, body)).toEqual({ kind, isRetryable: retryable });
  });
});

describe('httpFailureToError', () => {
  it('redacts the key from the message and body, keeps the status and wait hint', () => {
    const key = 'sk-live-abcdefghijklmnop';
    const error = httpFailureToError({
      provider: 'openai',
      model: 'gpt-4.1',
      status: 429,
      headers: { 'retry-after-ms': '40' },
      body: { error: { message: `key ${key} is rate limited` } },
      secrets: [key],
    });
    expect(error.message).toBe('openai:gpt-4.1 answered HTTP 429: key [redacted] is rate limited');
    expect(error.body).not.toContain(key);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 40, isRetryable: true, kind: 'rate-limit' });
  });

  it('follows x-should-retry when the provider sends it', () => {
    const base = { provider: 'p', model: 'm', secrets: [] };
    expect(httpFailureToError({ ...base, status: 500, headers: { 'x-should-retry': 'false' } }).isRetryable).toBe(false);
    expect(httpFailureToError({ ...base, status: 400, headers: { 'x-should-retry': 'true' } }).isRetryable).toBe(true);
  });

  it('truncates long bodies', () => {
    const error = httpFailureToError({ provider: 'p', model: 'm', status: 500, body: 'x'.repeat(5000), secrets: [] });
    expect(error.body?.length).toBe(500);
  });

  it('redact leaves short strings alone and replaces every occurrence', () => {
    expect(redact('a abcdefgh b abcdefgh', ['abcdefgh'])).toBe('a [redacted] b [redacted]');
    expect(redact('abc', ['abc'])).toBe('abc');
  });
});
