export { CasewrightError } from './casewright-error.js';
export { UsageError } from './usage-error.js';
export { CaseFileError } from './case-file-error.js';
export { LlmCallError, MAX_ERROR_BODY_CHARS, type LlmCallErrorOptions, type LlmFailureKind } from './llm-call-error.js';
export { RetryError, type RetryErrorReason } from './retry-error.js';
export { BudgetExceededError } from './budget-exceeded-error.js';
export { StructuredOutputError } from './structured-output-error.js';
export { OfflineModeError } from './offline-mode-error.js';
export { UnknownModelError } from './unknown-model-error.js';
