export * from './conversation-source.js';
