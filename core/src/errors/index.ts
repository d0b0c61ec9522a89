export { CasewrightError } from './casewright-error.js';
export { UsageError } from './usage-error.js';
export { CaseFileError } from './case-file-error.js';
export { PromptError } from './prompt-error.js';
export { GenerationError } from './generation-error.js';
