import * as vscode from 'vscode';
import type { JiraTransport } from '@casewright/core';
import type { SecretKeyStore } from '../adapters/secret-key-store.js';
import type { Settings } from '../settings.js';
import type { Logger } from '../logger.js';
import type { StatusBar } from '../status-bar.js';
import type { TestTree } from '../testing/test-tree.js';
import { ConflictDocuments, syncWithJira } from './jira-commands.js';
import { importConversations, type ImportArgs } from './import-commands.js';
import { generateFromJira, generateFromMarkdown } from './generate-commands.js';

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
export function registerCoreCommands(deps: CoreCommandDeps, command: Register): vscode.Disposable[] {
  const conflicts = new ConflictDocuments();
  const jiraDeps = { settings: deps.settings, log: deps.log, conflicts, jira: deps.jira };
  return [
    vscode.workspace.registerTextDocumentContentProvider(ConflictDocuments.scheme, conflicts),
    command('casewright.generateFromJira', (key?: string) => generateFromJira(deps, typeof key === 'string' ? key : undefined)),
    command('casewright.generateFromMarkdown', (uri?: vscode.Uri) =>
      generateFromMarkdown(deps, uri instanceof vscode.Uri ? uri : undefined),
    ),
    command('casewright.jiraPull', (uri?: vscode.Uri) => syncWithJira(jiraDeps, 'pull', uri instanceof vscode.Uri ? uri : undefined)),
    command('casewright.jiraPush', (uri?: vscode.Uri) => syncWithJira(jiraDeps, 'push', uri instanceof vscode.Uri ? uri : undefined)),
    command('casewright.importConversations', (args?: ImportArgs) => importConversations(deps.settings, deps.keys, deps.log, args)),
  ];
}
