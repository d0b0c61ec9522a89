export { CasewrightError } from './casewright-error.js';
export { UsageError } from './usage-error.js';
export { CaseFileError } from './case-file-error.js';
export { AssertionConfigError } from './assertion-config-error.js';
export { TargetError } from './target-error.js';
export { JudgeError } from './judge-error.js';
