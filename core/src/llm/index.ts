export * from './language-model.js';
export * from './model-router.js';
