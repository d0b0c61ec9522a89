import { CasewrightError } from './casewright-error.js';

/** An assertion whose configuration cannot be evaluated (bad regex, no reference text...). The case becomes `errored`. */
export class AssertionConfigError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.AssertionConfigError');
  constructor(message: string, options?: { cause?: unknown }) {
    super('ASSERTION_CONFIG', message, options);
    this.name = 'AssertionConfigError';
  }
}
