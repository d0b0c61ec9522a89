import type * as vscode from 'vscode';
import type { JiraTransport } from '@casewright/core';
import type { SecretKeyStore } from '../adapters/secret-key-store.js';
import type { Settings } from '../settings.js';
import type { Logger } from '../logger.js';
import type { StatusBar } from '../status-bar.js';
import type { TestTree } from '../testing/test-tree.js';
import { notAvailable } from './unavailable.js';

export interface CoreCommandDeps {
  settings: Settings;
  keys: SecretKeyStore;
  log: Logger;
  status: StatusBar;
  tree: TestTree;
  jira(): Promise<{ transport: JiraTransport; site: string } | undefined>;
}

type Register = (id: string, fn: (...args: never[]) => unknown) => vscode.Disposable;

/** The commands that call core's generator, Jira sync and conversation import. */
export function registerCoreCommands(_deps: CoreCommandDeps, command: Register): vscode.Disposable[] {
  return [
    command('casewright.generateFromJira', () => notAvailable('Generating cases from a Jira issue')),
    command('casewright.generateFromMarkdown', () => notAvailable('Generating cases from a Markdown story')),
    command('casewright.jiraPull', () => notAvailable('Pulling cases from Jira')),
    command('casewright.jiraPush', () => notAvailable('Pushing cases to Jira')),
    command('casewright.importConversations', () => notAvailable('Importing conversations')),
  ];
}
