export {
  writeFileAtomic,
  updateFileAtomic,
  readForUpdate,
  assertUnchanged,
  fileDigest,
  isFileChanged,
  type FileSnapshot,
  type WriteFileAtomicOptions,
} from './atomic-write.js';
export { readTextFile, decodeUtf8 } from './text-file.js';
export { printable } from './printable.js';
export { createSecretMasker, secretsFromEnv, MASK, type SecretMasker } from './secret-masker.js';
