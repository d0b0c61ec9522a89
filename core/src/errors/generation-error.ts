import { CasewrightError } from './casewright-error.js';

/** Generation failed (the model call failed or returned nothing usable); nothing was written. */
export class GenerationError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.GenerationError');
  constructor(message: string, options?: { cause?: unknown }) {
    super('GENERATION', message, options);
    this.name = 'GenerationError';
  }
}
