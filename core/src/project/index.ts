export { initProject, FIRST_CASE_FILE, SCHEMA_FILE, type InitResult } from './init-project.js';
export { addCase, type AddCaseOptions, type AddCaseResult } from './add-case.js';
export { configTemplate, firstCasesTemplate, GITIGNORE_LINES } from './templates.js';
