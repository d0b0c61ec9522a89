import * as vscode from 'vscode';
import { createJiraClient, loadConfig, type JiraClient, type JiraTransport } from '@casewright/core';
import { caseYaml, NEEDS_ATTENTION, syncCaseFile, type SyncDirection } from './jira-sync.js';
import type { Logger } from '../logger.js';
import type { Settings } from '../settings.js';
import { CASE_FILE_EXCLUDE } from '../testing/case-files.js';

/** Serves the read-only "Jira side" of conflict diffs (scheme `casewright-jira`). */
export class ConflictDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'casewright-jira';
  private readonly docs = new Map<string, string>();

  add(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: ConflictDocuments.scheme, path: `/${name}` });
    this.docs.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '';
  }
}

export interface JiraCommandDeps {
  settings: Settings;
  log: Logger;
  conflicts: ConflictDocuments;
  jira(): Promise<{ transport: JiraTransport; site: string } | undefined>;
}

async function client(deps: JiraCommandDeps): Promise<JiraClient> {
  const jira = await deps.jira();
  if (!jira)
    throw new Error(
      'Jira is not set up: set casewright.jira.site and casewright.jira.email, and store the API token with "Casewright: Set Provider API Key" → jira',
    );
  return createJiraClient(jira.transport);
}

/** Pull / Push: every case file in the workspace (or the one given); conflicts open as a diff. */
export async function syncWithJira(
  deps: JiraCommandDeps,
  direction: SyncDirection,
  target?: vscode.Uri,
): Promise<{ written: number; attention: number }> {
  const jira = await client(deps);
  // The same files the Testing view lists: never copies under dist/, out/ or node_modules/.
  const uris = target ? [target] : await vscode.workspace.findFiles('**/*.cases.yaml', CASE_FILE_EXCLUDE);
  let written = 0;
  let attention = 0;
  let broken = 0;
  await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Casewright: ${direction === 'push' ? 'pushing cases to' : 'pulling cases from'} Jira`,
      cancellable: false,
    },
    async (progress) => {
      for (const uri of uris) {
        const shown = vscode.workspace.asRelativePath(uri);
        progress.report({ message: shown, increment: 100 / uris.length });
        const folder = vscode.workspace.getWorkspaceFolder(uri);
        const { config } = await loadConfig(
          folder?.uri.fsPath ?? vscode.Uri.joinPath(uri, '..').fsPath,
          deps.settings.read().configFile || undefined,
        );
        // Unsaved edits would be overwritten by a pull and ignored by a push: save first.
        const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (open?.isDirty) await open.save();
        let result;
        try {
          result = await syncCaseFile(jira, uri.fsPath, shown, direction, config.jira);
        } catch (error) {
          // One broken file must not stop the others; it is reported and left as it is.
          broken++;
          deps.log.warn(`jira ${direction}: ${(error as Error).message}`);
          continue;
        }
        if (result.skipped) {
          deps.log.info(`jira ${direction}: ${shown} skipped — ${result.skipped}`);
          continue;
        }
        if (result.written) written++;
        for (const item of result.items) {
          deps.log.info(
            `jira ${direction}: ${shown} ${item.status} ${item.key ?? ''} ${item.title}${item.message ? ` — ${item.message}` : ''}`,
          );
          if (!NEEDS_ATTENTION.has(item.status)) continue;
          attention++;
          if (item.remote) {
            // Both sides read-only: a diff to decide from, not an untitled document that asks to be saved.
            const local = deps.conflicts.add(`local/${item.key ?? item.caseId}.yaml`, caseYaml(item.case));
            const remote = deps.conflicts.add(`${item.key ?? item.caseId}.yaml`, caseYaml(item.remote));
            await vscode.commands.executeCommand(
              'vscode.diff',
              local,
              remote,
              `${item.title}: local ↔ Jira ${item.key ?? ''} (${item.status})`,
              { preview: false },
            );
          }
        }
        for (const p of result.problems) {
          attention++;
          deps.log.warn(`jira ${direction}: ${p.key}: ${p.message}`);
        }
      }
    },
  );
  const summary = [
    `${written} file${written === 1 ? '' : 's'} updated`,
    attention
      ? `${attention} case${attention === 1 ? ' needs' : 's need'} attention (nothing was overwritten; see the diff and the log)`
      : '',
    broken ? `${broken} file${broken === 1 ? ' has' : 's have'} errors and ${broken === 1 ? 'was' : 'were'} skipped` : '',
  ]
    .filter(Boolean)
    .join(', ');
  if (attention || broken)
    void vscode.window
      .showWarningMessage(`Casewright: Jira ${direction}: ${summary}.`, 'Show Log')
      .then((c) => c && deps.log.channel.show());
  else void vscode.window.showInformationMessage(`Casewright: Jira ${direction}: ${summary}.`);
  return { written, attention: attention + broken };
}
