import * as vscode from 'vscode';
import path from 'node:path';
import {
  createJiraClient,
  createRouterFromConfig,
  JiraKeySchema,
  loadConfig,
  parseJiraIssueStory,
  parseMarkdownStory,
  type Story,
} from '@casewright/core';
import { defaultCaseFileFor, generateIntoFile } from './generate-task.js';
import type { Settings } from '../settings.js';
import type { Logger } from '../logger.js';
import type { SecretKeyStore } from '../adapters/secret-key-store.js';
import type { StatusBar } from '../status-bar.js';
import type { JiraTransport } from '@casewright/core';

export interface GenerateDeps {
  settings: Settings;
  keys: SecretKeyStore;
  log: Logger;
  status: StatusBar;
  jira(): Promise<{ transport: JiraTransport; site: string } | undefined>;
}

async function run(deps: GenerateDeps, folder: vscode.WorkspaceFolder, story: Story, outFile: string): Promise<string> {
  const s = deps.settings.read();
  const loaded = await loadConfig(folder.uri.fsPath, s.configFile || undefined);
  const router = await createRouterFromConfig(loaded, { keyStore: deps.keys });
  const shownOut = vscode.workspace.asRelativePath(outFile);
  // Unsaved edits in the target file would be lost by the merge: save them first.
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === outFile);
  if (open?.isDirty) await open.save();
  const outcome = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Casewright: generating cases for ${story.key ?? story.title}`,
      cancellable: true,
    },
    (_progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return generateIntoFile({ story, outFile, shownOut, router, model: s.model, signal: abort.signal });
    },
  );
  if (outcome.result.call) deps.status.addSpend(outcome.result.call.cost);
  deps.log.info(`generate: ${outcome.summary}\n${outcome.coverageTable}`);
  for (const w of outcome.result.warnings) deps.log.warn(`generate: ${w}`);
  await vscode.window.showTextDocument(vscode.Uri.file(outFile), { preview: false });
  void vscode.window.showInformationMessage(`Casewright: ${outcome.summary}.`);
  return outFile;
}

/** Generate from the current Markdown story (unsaved text included) into `<story>.cases.yaml` beside it. */
export async function generateFromMarkdown(deps: GenerateDeps, uri?: vscode.Uri): Promise<string | undefined> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!doc || !/\.(md|markdown)$/i.test(doc.uri.fsPath))
    throw new Error('open a Markdown story (a .md file with an "Acceptance criteria" section) first');
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  if (!folder) throw new Error('the story must be inside the open folder');
  const story = parseMarkdownStory(doc.getText(), { file: vscode.workspace.asRelativePath(doc.uri) });
  if (story.criteria.length === 0)
    throw new Error(
      `${vscode.workspace.asRelativePath(doc.uri)} has no acceptance criteria: add an "Acceptance criteria" section (a list or Gherkin scenarios)`,
    );
  return run(deps, folder, story, defaultCaseFileFor(doc.uri.fsPath));
}

/** Generate from a Jira issue: fetch the story (with field names, to find "Acceptance criteria") and write `<KEY>.cases.yaml`. */
export async function generateFromJira(deps: GenerateDeps, key?: string): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('open a folder first: generated cases are written into the workspace');
  const issueKey =
    key ??
    (
      await vscode.window.showInputBox({
        title: 'Casewright: generate cases for Jira issue',
        placeHolder: 'SHOP-123',
        validateInput: (v) => (JiraKeySchema.safeParse(v.trim()).success ? undefined : 'A Jira issue key such as SHOP-123'),
      })
    )?.trim();
  if (!issueKey) return undefined;
  const jira = await deps.jira();
  if (!jira)
    throw new Error(
      'Jira is not set up: set casewright.jira.site and casewright.jira.email, and store the API token with "Casewright: Set Provider API Key" → jira',
    );
  const loaded = await loadConfig(folder.uri.fsPath, deps.settings.read().configFile || undefined);
  const issue = await createJiraClient(jira.transport).getIssue(issueKey, { expand: ['names'] });
  const story = parseJiraIssueStory(issue, { acceptanceCriteriaField: loaded.config.jira?.acceptanceCriteriaField, file: issueKey });
  if (story.criteria.length === 0)
    throw new Error(
      `${issueKey} has no acceptance criteria: fill its "Acceptance criteria" field or add an "Acceptance criteria" section to the description`,
    );
  return run(deps, folder, story, path.join(folder.uri.fsPath, `${issueKey}.cases.yaml`));
}
