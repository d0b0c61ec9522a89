/**
 * @casewright/core — the public API. Apps import only from here (and
 * `@casewright/core/testing`), never from deep paths. Each area keeps its own
 * barrel (`<area>/index.ts`); add exports there, not here.
 */
export * from './model/index.js';
export * from './errors/index.js';
export * from './config/index.js';
export * from './llm/index.js';
export * from './keys/index.js';
export * from './prompts/index.js';
export * from './generate/index.js';
export * from './run/index.js';
export * from './connectors/conversations/index.js';
export * from './connectors/jira/index.js';
export * from './util/index.js';
export { runCli } from './cli/program.js';
export type { CliIo } from './cli/io.js';
export { EXIT_OK, EXIT_FINDINGS, EXIT_USAGE } from './cli/exit-codes.js';
export { VERSION } from './version.js';
