export { JiraSectionSchema, type JiraSection } from './jira-config.js';
export { ConfigSchema, loadConfig, findConfigFile, CONFIG_FILE_NAME, type CasewrightConfig, type LoadedConfig } from './config.js';
export {
  BigQueryConversationsConfigSchema,
  ConversationColumnsSchema,
  type BigQueryConversationsConfig,
  type ConversationColumns,
} from './conversations-config.js';
export {
  LlmConfigSchema,
  ProviderConfigSchema,
  ProviderTypeSchema,
  ModelAliasSchema,
  ModelPriceSchema,
  BudgetsConfigSchema,
  CacheConfigSchema,
  RouterConfigSchema,
  type LlmConfig,
  type ProviderConfig,
  type ProviderType,
  type ModelAlias,
  type ModelPrice,
  type BudgetsConfig,
  type CacheConfig,
  type RouterConfig,
} from './llm-config.js';
