export * from './key-store.js';
