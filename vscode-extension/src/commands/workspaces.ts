import * as vscode from 'vscode';
import { openWorkspace, UsageError, type JiraClient, type Workspace } from '@casewright/core';
import type { SecretKeyStore } from '../adapters/secret-key-store.js';
import type { Logger } from '../logger.js';
import type { Settings } from '../settings.js';

export interface WorkspaceDeps {
  settings: Settings;
  keys: SecretKeyStore;
  log: Logger;
}

/**
 * Core's workspace for a folder: its `casewright.config.yaml` (or the one in the settings),
 * keys from SecretStorage, the Jira site and e-mail from the settings (the API token is the
 * stored `jira` key), and the output channel as its log.
 */
export function folderWorkspace(deps: WorkspaceDeps, folder: vscode.Uri | string): Promise<Workspace> {
  // The folder's own settings (a multi-root workspace may set configFile per folder).
  const s = deps.settings.read(typeof folder === 'string' ? vscode.Uri.file(folder) : folder);
  return openWorkspace({
    cwd: typeof folder === 'string' ? folder : folder.fsPath,
    env: process.env,
    configFile: s.configFile || undefined,
    keyStore: deps.keys,
    jiraAccount: { site: s.jiraSite || undefined, email: s.jiraEmail || undefined },
    logger: { info: (m) => deps.log.info(m), warn: (m) => deps.log.warn(m) },
  });
}

/** The workspace folder of a file, else the first one; a message when no folder is open. */
export function folderOf(uri?: vscode.Uri): vscode.WorkspaceFolder {
  const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('open a folder first: Casewright reads and writes case files in the workspace');
  return folder;
}

/** A Jira project key, as core's config schema checks it. */
export const PROJECT_KEY = /^[A-Z][A-Z0-9_]+$/;

export const JIRA_SETUP_HINT =
  'Jira is not set up: set casewright.jira.site and casewright.jira.email, and store the API token with "Casewright: Set Provider API Key" → jira';

/** The workspace's Jira client, or the editor's own hint on what to set up. */
export async function jiraClient(ws: Workspace): Promise<JiraClient> {
  try {
    return await ws.jira();
  } catch (error) {
    if (UsageError.isInstance(error) && /^no Jira (site|credentials)/.test(error.message)) throw new Error(JIRA_SETUP_HINT);
    throw error;
  }
}

/** Saves an open document with unsaved edits, so a job reads (and may rewrite) what the user sees. */
export async function saveIfDirty(file: string): Promise<void> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
  if (open?.isDirty) await open.save();
}
