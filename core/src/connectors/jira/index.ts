export * from './jira-transport.js';
