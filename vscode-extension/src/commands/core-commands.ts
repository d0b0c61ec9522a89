import * as vscode from 'vscode';
import type { StatusBar } from '../status-bar.js';
import type { TestTree } from '../testing/test-tree.js';
import { ConflictDocuments, syncWithJira } from './jira-commands.js';
import { importConversations, type ImportArgs } from './import-commands.js';
import { generateFromJira, generateFromMarkdown } from './generate-commands.js';
import type { WorkspaceDeps } from './workspaces.js';

export interface CoreCommandDeps extends WorkspaceDeps {
  status: StatusBar;
  tree: TestTree;
}

type Register = (id: string, fn: (...args: never[]) => unknown) => vscode.Disposable;

/** The commands that run core's jobs: generate, Jira sync, conversation import. */
export function registerCoreCommands(deps: CoreCommandDeps, command: Register): vscode.Disposable[] {
  const conflicts = new ConflictDocuments();
  const jiraDeps = { ...deps, conflicts };
  return [
    vscode.workspace.registerTextDocumentContentProvider(ConflictDocuments.scheme, conflicts),
    command('casewright.generateFromJira', (key?: string) => generateFromJira(deps, typeof key === 'string' ? key : undefined)),
    command('casewright.generateFromMarkdown', (uri?: vscode.Uri) =>
      generateFromMarkdown(deps, uri instanceof vscode.Uri ? uri : undefined),
    ),
    command('casewright.jiraPull', (uri?: vscode.Uri) => syncWithJira(jiraDeps, 'pull', uri instanceof vscode.Uri ? uri : undefined)),
    command('casewright.jiraPush', (uri?: vscode.Uri) => syncWithJira(jiraDeps, 'push', uri instanceof vscode.Uri ? uri : undefined)),
    command('casewright.importConversations', (args?: ImportArgs) => importConversations(deps, args)),
  ];
}
