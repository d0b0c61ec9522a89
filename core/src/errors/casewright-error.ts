/**
 * Base class of every error Casewright throws on purpose. Each class declares its own
 * marker symbol (`Symbol.for('casewright.error.<Class>')`), and an instance carries the
 * marker of its class and of every class above it, so `JiraError.isInstance(x)` is true
 * only for Jira errors while `CasewrightError.isInstance(x)` is true for all of them —
 * across bundles too (the extension and the Forge app each carry their own copy of core,
 * so `instanceof` is not enough; `Symbol.for` is shared by every copy).
 */
export class CasewrightError extends Error {
  /** The class's marker; every subclass declares its own. */
  static readonly marker: symbol = Symbol.for('casewright.error');
  /** A stable machine code, e.g. `VALIDATION`, `USAGE`, `LLM_CALL`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CasewrightError';
    this.code = code;
    for (let c: unknown = new.target; typeof c === 'function' && c !== Error; c = Object.getPrototypeOf(c)) {
      if (Object.hasOwn(c, 'marker')) Object.defineProperty(this, (c as typeof CasewrightError).marker, { value: true });
    }
  }

  /** Whether `value` is an instance of this class (or a subclass), from any copy of core. */
  static isInstance<T>(this: { readonly marker: symbol; readonly prototype: T }, value: unknown): value is T {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[this.marker] === true;
  }
}
