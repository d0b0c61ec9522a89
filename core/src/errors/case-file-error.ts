import { CasewrightError } from './casewright-error.js';
import type { Diagnostic } from './diagnostic.js';
import { formatDiagnostic } from './diagnostic.js';

/** A case file that does not parse or validate; carries every located diagnostic. */
export class CaseFileError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.CaseFileError');
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    const first = errors[0] ?? diagnostics[0];
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    super('CASE_FILE', first ? `${formatDiagnostic(first)}${more}` : 'invalid case file');
    this.name = 'CaseFileError';
    this.diagnostics = diagnostics;
  }
}
