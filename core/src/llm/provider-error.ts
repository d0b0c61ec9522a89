/**
 * Shared mapping from HTTP failures to `LlmCallError`, used by every provider so the
 * router sees one shape: status → kind and retryability, `Retry-After` headers → ms,
 * and key redaction of anything a vendor echoes back.
 */
import { LlmCallError, MAX_ERROR_BODY_CHARS, type LlmFailureKind } from '../errors/llm-call-error.js';

/** A header bag as the SDKs expose it (a Fetch `Headers` or a plain record). */
export type HeaderBag = { get(name: string): string | null } | Record<string, string | string[] | undefined> | undefined | null;

function header(headers: HeaderBag, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as { get?: unknown }).get === 'function')
    return (headers as { get(n: string): string | null }).get(name) ?? undefined;
  const record = headers as Record<string, string | string[] | undefined>;
  const value = record[name] ?? record[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * How long the server asked us to wait: `retry-after-ms` (OpenAI, Anthropic; milliseconds),
 * else `Retry-After` (RFC 9110 §10.2.3: delay-seconds or an HTTP-date). Undefined when absent or unreadable.
 */
export function parseRetryAfter(headers: HeaderBag, now: number = Date.now()): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== undefined) {
    const value = Number.parseFloat(ms);
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
  }
  const after = header(headers, 'retry-after');
  if (after === undefined) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(after)) return Math.round(Number.parseFloat(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Gemini's `google.rpc.RetryInfo` detail (`"retryDelay": "12.5s"`) in an error body, in ms. */
export function parseRetryInfo(body: unknown): number | undefined {
  const details = (body as { error?: { details?: unknown } } | undefined)?.error?.details;
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    const d = detail as { '@type'?: unknown; retryDelay?: unknown };
    if (typeof d['@type'] === 'string' && d['@type'].endsWith('google.rpc.RetryInfo') && typeof d.retryDelay === 'string') {
      const match = /^(\d+(?:\.\d+)?)s$/.exec(d.retryDelay.trim());
      if (match?.[1]) return Math.round(Number.parseFloat(match[1]) * 1000);
    }
  }
  return undefined;
}

/** Replaces every occurrence of each secret (and any long tail of it) with a mask. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 8) continue;
    out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** What a status means for the router. */
export function classifyStatus(status: number, body = ''): { kind: LlmFailureKind; isRetryable: boolean } {
  if (status === 401 || status === 403) return { kind: 'auth', isRetryable: false };
  // Gemini answers a bad key with 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
  if (status === 400 && /API_KEY_INVALID|API key not valid/i.test(body)) return { kind: 'auth', isRetryable: false };
  // An empty balance: OpenAI answers 429 `insufficient_quota`, Anthropic 400 "credit balance is too low",
  // Gemini 429 RESOURCE_EXHAUSTED with a billing message. Waiting will not help.
  if (
    (status === 429 || status === 400 || status === 402) &&
    /insufficient_quota|billing|credit balance|exceeded your current quota/i.test(body)
  ) {
    return { kind: 'quota', isRetryable: false };
  }
  if (status === 429) return { kind: 'rate-limit', isRetryable: true };
  if (status === 408) return { kind: 'timeout', isRetryable: true };
  // A lock or concurrent-update conflict on the provider's side; OpenAI and Anthropic retry it.
  if (status === 409) return { kind: 'server', isRetryable: true };
  if (status === 404) return { kind: 'not-found', isRetryable: false };
  if (status >= 500) return { kind: 'server', isRetryable: true };
  return { kind: 'bad-request', isRetryable: false };
}

const KEY_SCOPE_HINT: Record<string, string> = {
  auth: 'the API key was rejected; check the key for this provider (environment variable, `casewright keys set <provider>`, or apiKeyEnv in casewright.config.yaml)',
  quota: 'the account has no quota or credit left; check billing with the provider',
  'not-found': 'the model or deployment does not exist for this key; check the model id',
  'bad-request': 'the provider refused the request',
};

export interface HttpFailure {
  provider: string;
  model: string;
  status: number;
  headers?: HeaderBag;
  /** The vendor's error body (object or text). */
  body?: unknown;
  /** Extra wait hint parsed from the body (Gemini RetryInfo). */
  retryAfterMs?: number | undefined;
  secrets: ReadonlyArray<string | undefined>;
}

function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body);
  } catch {
    return String(body);
  }
}

/** The vendor's own message from a `{error: {message}}` body, when present. */
function vendorMessage(body: unknown): string | undefined {
  const b = body as { error?: { message?: unknown } | string; message?: unknown } | undefined;
  if (b && typeof b === 'object') {
    if (typeof b.error === 'object' && typeof b.error?.message === 'string') return b.error.message;
    if (typeof b.message === 'string') return b.message;
  }
  return undefined;
}

/** Maps an HTTP error answer to an `LlmCallError` with a message that says what to fix. */
export function httpFailureToError(failure: HttpFailure): LlmCallError {
  const text = redact(bodyText(failure.body), failure.secrets).slice(0, MAX_ERROR_BODY_CHARS);
  const classified = classifyStatus(failure.status, text);
  const { kind } = classified;
  // OpenAI and Anthropic may say outright whether a retry can help (`x-should-retry`).
  const should = header(failure.headers, 'x-should-retry');
  const isRetryable = should === 'true' ? true : should === 'false' ? false : classified.isRetryable;
  const retryAfterMs = parseRetryAfter(failure.headers) ?? failure.retryAfterMs;
  const said = vendorMessage(failure.body);
  const saidText = said ? `: ${redact(said, failure.secrets).slice(0, 200)}` : '';
  const hint = KEY_SCOPE_HINT[kind];
  return new LlmCallError({
    provider: failure.provider,
    model: failure.model,
    status: failure.status,
    kind,
    isRetryable,
    retryAfterMs,
    body: text,
    message: `${failure.provider}:${failure.model} answered HTTP ${failure.status}${saidText}${hint ? ` — ${hint}` : ''}`,
  });
}

/** A failure with no HTTP answer: timeout, refused connection, a body that is not JSON, a cut stream. */
export function transportFailureToError(options: {
  provider: string;
  model: string;
  kind: 'timeout' | 'connection' | 'malformed-response' | 'aborted';
  detail: string;
  secrets: ReadonlyArray<string | undefined>;
}): LlmCallError {
  const what: Record<typeof options.kind, string> = {
    timeout: 'timed out',
    connection: 'could not be reached',
    'malformed-response': 'sent an answer that could not be read',
    aborted: 'call was cancelled',
  };
  return new LlmCallError({
    provider: options.provider,
    model: options.model,
    kind: options.kind,
    isRetryable: options.kind !== 'aborted',
    message: `${options.provider}:${options.model} ${what[options.kind]}: ${redact(options.detail, options.secrets).slice(0, 200)}`,
  });
}

/**
 * A connection the server dropped mid-answer (the socket closed, a stream cut short), as any
 * of the SDKs reports it: on the error or on its cause. Shared by every provider, so none
 * loads another's SDK to ask. (undici reports a connection that closed mid-body as
 * `TypeError: terminated`, cause `SocketError: other side closed`.)
 */
export function isDroppedConnection(error: unknown): boolean {
  const text = (e: unknown) => (e instanceof Error ? `${e.name} ${e.message} ${(e as { code?: string }).code ?? ''}` : '');
  const cause = error instanceof Error ? error.cause : undefined;
  return /terminated|other side closed|ECONNRESET|socket hang up|premature close|UND_ERR_SOCKET/i.test(`${text(error)} ${text(cause)}`);
}

/**
 * The error classes of an SDK generated by Stainless (`openai`, `@anthropic-ai/sdk`): the
 * same names and fields, but separate classes per SDK, so each provider passes its own and
 * none loads another's SDK.
 */
export interface SdkErrorClasses {
  APIUserAbortError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIError: abstract new (...args: never[]) => Error & { status?: number | undefined; headers?: HeaderBag; error?: unknown };
}

/**
 * Maps whatever such an SDK threw into one `LlmCallError`; the key is redacted from anything
 * echoed. `statusOf` gives a status to an `APIError` that has none (Anthropic's `event: error`
 * inside a stream); without it such an error is a transport failure.
 */
export function sdkErrorToLlmError(
  error: unknown,
  classes: SdkErrorClasses,
  call: { provider: string; model: string; secrets: ReadonlyArray<string | undefined> },
  statusOf?: (body: unknown) => number,
): LlmCallError {
  const { provider, model, secrets } = call;
  if (error instanceof classes.APIUserAbortError)
    return transportFailureToError({ provider, model, kind: 'aborted', detail: 'aborted', secrets });
  if (error instanceof classes.APIConnectionTimeoutError)
    return transportFailureToError({ provider, model, kind: 'timeout', detail: error.message, secrets });
  if (error instanceof classes.APIConnectionError) {
    const cause = (error.cause as { message?: string } | undefined)?.message;
    return transportFailureToError({
      provider,
      model,
      kind: 'connection',
      detail: cause ? `${error.message} (${cause})` : error.message,
      secrets,
    });
  }
  if (error instanceof classes.APIError && (typeof error.status === 'number' || statusOf)) {
    const status = typeof error.status === 'number' ? error.status : statusOf!(error.error);
    return httpFailureToError({ provider, model, status, headers: error.headers, body: error.error ?? error.message, secrets });
  }
  if (error instanceof Error && error.name === 'AbortError')
    return transportFailureToError({ provider, model, kind: 'aborted', detail: 'aborted', secrets });
  const detail = error instanceof Error ? error.message : String(error);
  return transportFailureToError({
    provider,
    model,
    kind: isDroppedConnection(error) ? 'connection' : 'malformed-response',
    detail,
    secrets,
  });
}
