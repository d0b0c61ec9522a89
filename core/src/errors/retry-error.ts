import { CasewrightError } from './casewright-error.js';

/** `deadline`: the router's total time budget (`router.totalTimeoutMs`) ran out. */
export type RetryErrorReason = 'max-retries-exceeded' | 'fallbacks-exhausted' | 'aborted' | 'non-retryable' | 'deadline';

/**
 * Every attempt of a routed call failed. `errors` holds each attempt's error in order,
 * `lastError` the one that ended it.
 */
export class RetryError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.RetryError');
  readonly reason: RetryErrorReason;
  readonly errors: readonly unknown[];
  readonly lastError: unknown;

  constructor(options: { message: string; reason: RetryErrorReason; errors: readonly unknown[] }) {
    const lastError = options.errors[options.errors.length - 1];
    super('LLM_RETRY', options.message, { cause: lastError });
    this.name = 'RetryError';
    this.reason = options.reason;
    this.errors = options.errors;
    this.lastError = lastError;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      reason: this.reason,
      errors: this.errors.map((e) =>
        e && typeof e === 'object' && 'toJSON' in e && typeof e.toJSON === 'function' ? (e.toJSON as () => unknown)() : String(e),
      ),
    };
  }
}
