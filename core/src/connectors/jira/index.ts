export * from './jira-transport.js';
export { JiraError } from './jira-error.js';
export { createRestJiraTransport, type RestJiraTransportOptions } from './rest-transport.js';
export { createJiraClient, type JiraClient, type GetIssueOptions, type SearchOptions } from './jira-client.js';
export * from './jira-api.js';
