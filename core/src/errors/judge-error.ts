import { CasewrightError } from './casewright-error.js';

/** A judge model call failed or answered something unusable. The case becomes `errored`. */
export class JudgeError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.JudgeError');
  constructor(message: string, options?: { cause?: unknown }) {
    super('JUDGE', message, options);
    this.name = 'JudgeError';
  }
}
