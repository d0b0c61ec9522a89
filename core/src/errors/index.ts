export { CasewrightError } from './casewright-error.js';
export { UsageError } from './usage-error.js';
export { CaseFileError } from './case-file-error.js';
export { ConnectorError } from './connector-error.js';
