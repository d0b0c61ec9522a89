export {
  importPromptfoo,
  planPromptfooImport,
  type PromptfooImportResult,
  type PromptfooPlan,
  type NotImported,
} from './import-promptfoo.js';
export {
  mapAssertion,
  mapProvider,
  promptMessages,
  javascriptExpression,
  type MappedAssertion,
  type MappedProvider,
} from './promptfoo-mapping.js';
export {
  PromptfooConfigSchema,
  PromptfooTestSchema,
  PromptfooAssertionSchema,
  type PromptfooConfig,
  type PromptfooTest,
  type PromptfooAssertion,
} from './promptfoo-config.js';
