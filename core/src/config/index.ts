export { JiraSectionSchema, type JiraSection } from './jira-config.js';
export { ConfigSchema, loadConfig, findConfigFile, CONFIG_FILE_NAME, type CasewrightConfig, type LoadedConfig } from './config.js';
