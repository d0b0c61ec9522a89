import { CasewrightError } from './casewright-error.js';

/** A text file is not valid UTF-8. Casewright never rewrites such a file (that would destroy its text). */
export class EncodingError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.EncodingError');
  readonly file: string;
  readonly line: number;
  readonly col: number;

  constructor(file: string, line: number, col: number) {
    super(
      'ENCODING',
      `${file}:${line}:${col} is not valid UTF-8 (is the file saved in another encoding, e.g. Latin-1?); convert it to UTF-8 — it was not changed`,
    );
    this.name = 'EncodingError';
    this.file = file;
    this.line = line;
    this.col = col;
  }
}
