export * from './key-store.js';
export * from './key-resolver.js';
export { maskSecret } from './mask.js';
export { createFileKeyStore, createMemoryKeyStore, userConfigDir, type FileKeyStoreOptions } from './file-key-store.js';
