import { CasewrightError } from './casewright-error.js';

/** A model id or alias that the config does not define; lists what is available. */
export class UnknownModelError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.UnknownModelError');
  readonly modelId: string;
  readonly available: readonly string[];

  constructor(modelId: string, available: readonly string[], detail?: string) {
    const list = available.length > 0 ? available.join(', ') : '(none configured)';
    super('UNKNOWN_MODEL', `unknown model '${modelId}'${detail ? ` (${detail})` : ''}; available: ${list}`);
    this.name = 'UnknownModelError';
    this.modelId = modelId;
    this.available = available;
  }
}
