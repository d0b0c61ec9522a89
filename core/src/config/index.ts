export { ConfigSchema, loadConfig, findConfigFile, CONFIG_FILE_NAME, type CasewrightConfig, type LoadedConfig } from './config.js';
export { BigQueryConversationsConfigSchema, ConversationColumnsSchema, type BigQueryConversationsConfig, type ConversationColumns } from './conversations-config.js';
