import { CasewrightError } from './casewright-error.js';

/** The key store cannot be read, written or decrypted. Never includes a secret. */
export class KeyStoreError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.KeyStoreError');
  constructor(message: string) {
    super('KEY_STORE', message);
    this.name = 'KeyStoreError';
  }
}
