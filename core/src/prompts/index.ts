// Public API of core/src/prompts: the prompt templates and their registry.
export { createPromptRegistry, type PromptRegistry, type PromptRegistryOptions, type RenderedPrompt } from './prompt-registry.js';
export {
  parsePromptTemplate,
  PromptFrontMatterSchema,
  PromptVariableSchema,
  type PromptTemplate,
  type PromptFrontMatter,
  type PromptVariable,
} from './prompt-template.js';
export {
  OUTPUT_SCHEMAS,
  CaseReviewSchema,
  ConversationCaseDraftSchema,
  JudgeVerdictSchema,
  type OutputSchemaName,
  type CaseReview,
  type ConversationCaseDraft,
  type JudgeVerdict,
} from './output-schemas.js';
export { UntrustedText, wrapUntrusted, neutralise } from './untrusted.js';
