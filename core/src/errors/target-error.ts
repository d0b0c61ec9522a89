import { CasewrightError } from './casewright-error.js';

/** The target (app under test, command, model) failed to answer. The case becomes `errored`. */
export class TargetError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.TargetError');
  constructor(message: string, options?: { cause?: unknown; code?: string }) {
    super(options?.code ?? 'TARGET', message, options);
    this.name = 'TargetError';
  }
}
