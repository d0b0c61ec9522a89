export * from './key-store.js';
export * from './key-resolver.js';
