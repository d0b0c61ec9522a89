import * as vscode from 'vscode';
import path from 'node:path';
import { JiraKeySchema, generateIntoCaseFile, readStory, type GenerateIntoCaseFileResult, type Story } from '@casewright/core';
import type { StatusBar } from '../status-bar.js';
import { folderOf, folderWorkspace, jiraClient, saveIfDirty, type WorkspaceDeps } from './workspaces.js';

export interface GenerateDeps extends WorkspaceDeps {
  status: StatusBar;
}

/** One line for a notification: what was added and the coverage. */
export function generationSummary({ generation, shownOut }: GenerateIntoCaseFileResult): string {
  const { coverage } = generation;
  const via = generation.call ? `${generation.call.model}, $${generation.call.cost.toFixed(4)}` : 'offline rules';
  return (
    `added ${generation.cases.length} case${generation.cases.length === 1 ? '' : 's'} to ${shownOut} (${via}); ` +
    `coverage ${coverage.covered}/${coverage.total} criteria${coverage.uncovered.length ? ` — uncovered: ${coverage.uncovered.join(', ')}` : ''}` +
    (generation.edited.length ? `; kept your edits in ${generation.edited.length}` : '')
  );
}

async function generateWithProgress(
  deps: GenerateDeps,
  folder: vscode.WorkspaceFolder,
  story: (ws: Awaited<ReturnType<typeof folderWorkspace>>) => Promise<{ story: Story; storyFile?: string }>,
): Promise<string> {
  const ws = await folderWorkspace(deps, folder.uri);
  const { story: read, storyFile } = await story(ws);
  const outcome = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Casewright: generating cases for ${read.key ?? read.title}`,
      cancellable: true,
    },
    async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return generateIntoCaseFile(ws, {
        story: read,
        storyFile,
        model: deps.settings.read().model || undefined,
        // The model is a setting here: without its key the offline rules generate (the summary says so).
        offlineModel: 'fallback',
        signal: abort.signal,
        onProgress: (p) => progress.report({ message: p.message }),
      });
    },
  );
  if (outcome.generation.call) deps.status.addSpend(outcome.generation.call.cost);
  const summary = generationSummary(outcome);
  deps.log.info(`generate: ${summary}`);
  for (const w of [...outcome.notes, ...outcome.generation.warnings]) deps.log.warn(`generate: ${w}`);
  await vscode.window.showTextDocument(vscode.Uri.file(outcome.outFile), { preview: false });
  void vscode.window.showInformationMessage(`Casewright: ${summary}.`);
  return outcome.outFile;
}

/** Generate from the current Markdown story (unsaved text is saved first) into `<story>.cases.yaml` beside it. */
export async function generateFromMarkdown(deps: GenerateDeps, uri?: vscode.Uri): Promise<string | undefined> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!doc || !/\.(md|markdown|feature)$/i.test(doc.uri.fsPath))
    throw new Error('open a story (a .md file with an "Acceptance criteria" section, or a .feature file) first');
  const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
  if (!folder) throw new Error('the story must be inside the open folder');
  const file = doc.uri.fsPath;
  await saveIfDirty(file);
  // The case file beside the story is merged into: its unsaved edits are saved first too.
  await saveIfDirty(file.replace(/\.(md|markdown|feature)$/i, '.cases.yaml'));
  return generateWithProgress(deps, folder, async (ws) => ({
    story: await readStory(ws, { file, shown: vscode.workspace.asRelativePath(doc.uri) }),
    storyFile: file,
  }));
}

/** Generate from a Jira issue: the story with its "Acceptance criteria" field, into `<KEY>.cases.yaml`. */
export async function generateFromJira(deps: GenerateDeps, key?: string): Promise<string | undefined> {
  const folder = folderOf();
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
  await saveIfDirty(path.join(folder.uri.fsPath, `${issueKey}.cases.yaml`));
  return generateWithProgress(deps, folder, async (ws) => {
    await jiraClient(ws);
    return { story: await readStory(ws, { jiraKey: issueKey }) };
  });
}
