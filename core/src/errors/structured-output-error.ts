import { CasewrightError } from './casewright-error.js';

/**
 * The model's answer was not JSON matching the requested schema, even after one repair
 * attempt. `text` keeps the raw answer so the user can see what came back.
 */
export class StructuredOutputError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.StructuredOutputError');
  readonly model: string;
  readonly schemaName: string;
  /** The raw text of the last answer. */
  readonly text: string;
  /** What was wrong, e.g. `invalid JSON at position 12` or `cases.0.title: expected string`. */
  readonly issues: readonly string[];
  /** What both answers cost together (USD) and how many attempts they took: they were billed. */
  readonly cost: number;
  readonly attempts: number;

  constructor(options: {
    model: string;
    schemaName: string;
    text: string;
    issues: readonly string[];
    cost?: number;
    attempts?: number;
    cause?: unknown;
  }) {
    const shown = options.issues.slice(0, 3).join('; ');
    super('STRUCTURED_OUTPUT', `${options.model} did not return valid '${options.schemaName}' JSON after one repair attempt: ${shown}`, {
      cause: options.cause,
    });
    this.name = 'StructuredOutputError';
    this.model = options.model;
    this.schemaName = options.schemaName;
    this.text = options.text;
    this.issues = options.issues;
    this.cost = options.cost ?? 0;
    this.attempts = options.attempts ?? 0;
  }
}
