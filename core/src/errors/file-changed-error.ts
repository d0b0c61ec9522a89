import { CasewrightError } from './casewright-error.js';

/**
 * A file changed on disk between the moment Casewright read it and the moment it
 * would have written it back (e.g. the user saved an edit meanwhile). Nothing was
 * written: the user's version is kept.
 */
export class FileChangedError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.FileChangedError');
  readonly file: string;

  constructor(file: string, message?: string) {
    super(
      'FILE_CHANGED',
      message ?? `${file} changed on disk while Casewright was working on it; nothing was written — run the command again`,
    );
    this.name = 'FileChangedError';
    this.file = file;
  }
}
