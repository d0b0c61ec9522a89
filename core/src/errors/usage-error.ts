import { CasewrightError } from './casewright-error.js';

/** Bad arguments or input the command cannot work with (CLI exit code 2). */
export class UsageError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.UsageError');
  constructor(message: string, options?: { cause?: unknown }) {
    super('USAGE', message, options);
    this.name = 'UsageError';
  }
}
