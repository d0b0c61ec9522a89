const MARKER = Symbol.for('casewright.error');

/**
 * Base class of every error Casewright throws on purpose. The marker symbol lets
 * `isInstance` recognise errors across bundles (the extension and the Forge app
 * each carry their own copy of core, so `instanceof` is not enough).
 */
export class CasewrightError extends Error {
  readonly [MARKER] = true;
  /** A stable machine code, e.g. `VALIDATION`, `USAGE`, `LLM_CALL`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CasewrightError';
    this.code = code;
  }

  static isInstance(error: unknown): error is CasewrightError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}
