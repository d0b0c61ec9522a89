import { CasewrightError } from './casewright-error.js';

/** A prompt template that cannot be loaded or rendered (bad front matter, missing variable, unknown id). */
export class PromptError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.PromptError');
  readonly promptId: string | undefined;

  constructor(message: string, promptId?: string) {
    super('PROMPT', message);
    this.name = 'PromptError';
    this.promptId = promptId;
  }
}
