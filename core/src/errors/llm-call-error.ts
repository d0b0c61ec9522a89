import { CasewrightError } from './casewright-error.js';

/** The longest slice of a vendor error body an `LlmCallError` keeps. */
export const MAX_ERROR_BODY_CHARS = 500;

export interface LlmCallErrorOptions {
  provider: string;
  model: string;
  message: string;
  /** HTTP status; undefined for connection errors and timeouts. */
  status?: number | undefined;
  /** How long the provider asked us to wait (from `retry-after-ms`, `Retry-After` or Gemini `RetryInfo`). */
  retryAfterMs?: number | undefined;
  /** 429, 5xx, timeouts and connection errors are retryable; 400/401/403/404 never are. */
  isRetryable: boolean;
  /** `timeout`, `connection`, `rate-limit`, `auth`, `quota`, `server`, `bad-request`, `malformed-response`, `aborted`. */
  kind: LlmFailureKind;
  /** The vendor's error body, truncated; never holds a key (the provider redacts it). */
  body?: string | undefined;
  cause?: unknown;
}

export type LlmFailureKind =
  'timeout' | 'connection' | 'rate-limit' | 'quota' | 'auth' | 'server' | 'bad-request' | 'not-found' | 'malformed-response' | 'aborted';

/**
 * One failed call to a provider, mapped from the vendor SDK's error. Carries what the
 * router needs to decide (retry, fall back, surface) and what the user needs to fix it.
 * It never carries the API key: bodies and messages are redacted before they get here.
 */
export class LlmCallError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.LlmCallError');
  readonly provider: string;
  readonly model: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly isRetryable: boolean;
  readonly kind: LlmFailureKind;
  readonly body: string | undefined;

  constructor(options: LlmCallErrorOptions) {
    super('LLM_CALL', options.message, { cause: options.cause });
    this.name = 'LlmCallError';
    this.provider = options.provider;
    this.model = options.model;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.isRetryable = options.isRetryable;
    this.kind = options.kind;
    this.body = options.body === undefined ? undefined : options.body.slice(0, MAX_ERROR_BODY_CHARS);
  }

  /** A JSON-safe view (no cause chain, which may hold SDK objects with headers). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      provider: this.provider,
      model: this.model,
      status: this.status,
      kind: this.kind,
      retryAfterMs: this.retryAfterMs,
      isRetryable: this.isRetryable,
      body: this.body,
    };
  }
}
