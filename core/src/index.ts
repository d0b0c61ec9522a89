/**
 * @casewright/core — the public API. Apps import only from here (and
 * `@casewright/core/testing`), never from deep paths.
 */
export * from './model/index.js';
export * from './errors/index.js';
export { runCli } from './cli/program.js';
export type { CliIo } from './cli/io.js';
export { EXIT_OK, EXIT_FINDINGS, EXIT_USAGE } from './cli/exit-codes.js';
export { VERSION } from './version.js';
export * from './llm/language-model.js';
export * from './llm/model-router.js';
export * from './keys/key-store.js';
export * from './connectors/conversations/conversation-source.js';
export * from './connectors/jira/jira-transport.js';
export { ConfigSchema, loadConfig, findConfigFile, CONFIG_FILE_NAME, type CasewrightConfig, type LoadedConfig } from './config/config.js';
