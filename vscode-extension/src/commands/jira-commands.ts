import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { NEEDS_ATTENTION, YAML_WRITE_OPTIONS, executions, syncCaseFiles, type SyncDirection, type TestCase } from '@casewright/core';
import { folderOf, folderWorkspace, jiraClient, PROJECT_KEY, saveIfDirty, type WorkspaceDeps } from './workspaces.js';
import { CASE_FILE_EXCLUDE } from '../testing/case-files.js';

/** Serves the read-only documents of Jira (scheme `casewright-jira`): the two sides of conflict diffs, the analytics. */
export class ConflictDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'casewright-jira';
  private readonly docs = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  add(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: ConflictDocuments.scheme, path: `/${name}` });
    const again = this.docs.has(uri.toString());
    this.docs.set(uri.toString(), text);
    // A document shown before is read again (VS Code keeps its first text otherwise).
    if (again) this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.toString()) ?? '';
  }
}

export interface JiraCommandDeps extends WorkspaceDeps {
  conflicts: ConflictDocuments;
}

/** A case as YAML, for the two sides of a conflict diff. */
function caseYaml(testCase: TestCase | undefined): string {
  return testCase ? stringify(testCase, YAML_WRITE_OPTIONS) : '# (not in Jira)\n';
}

/** Pull / Push: every case file in the workspace (or the one given); conflicts open as a diff. */
export async function syncWithJira(
  deps: JiraCommandDeps,
  direction: SyncDirection,
  target?: vscode.Uri,
): Promise<{ written: number; attention: number }> {
  // The same files the Testing view lists: never copies under dist/, out/ or node_modules/.
  const uris = target ? [target] : await vscode.workspace.findFiles('**/*.cases.yaml', CASE_FILE_EXCLUDE);
  // One workspace per folder: each folder has its own casewright.config.yaml.
  const byFolder = new Map<string, vscode.Uri[]>();
  for (const uri of uris) {
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? vscode.Uri.joinPath(uri, '..').fsPath;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), uri]);
  }
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
      for (const [folder, files] of byFolder) {
        const ws = await folderWorkspace(deps, folder);
        await jiraClient(ws);
        // Unsaved edits would be overwritten by a pull and ignored by a push: save first.
        for (const uri of files) await saveIfDirty(uri.fsPath);
        const result = await syncCaseFiles(ws, {
          direction,
          paths: files.map((u) => u.fsPath),
          // One broken file must not stop the others; it is reported and left as it is.
          keepGoing: true,
          onProgress: (p) => progress.report({ message: p.file, increment: 100 / uris.length }),
        });
        for (const file of result.files) {
          if (file.diagnostics || file.error) {
            broken++;
            const first = file.diagnostics?.[0];
            deps.log.warn(
              `jira ${direction}: ${file.shown} ${file.error ?? `has errors (line ${first?.start.line}: ${first?.message}); fix them before syncing`}`,
            );
            continue;
          }
          if (file.skipped) {
            deps.log.info(`jira ${direction}: ${file.shown} skipped — ${file.skipped}`);
            continue;
          }
          if (file.written) written++;
          for (const item of file.items) {
            deps.log.info(
              `jira ${direction}: ${file.shown} ${item.status} ${item.key ?? ''} ${item.title}${item.message ? ` — ${item.message}` : ''}`,
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
          for (const p of file.problems) {
            attention++;
            deps.log.warn(`jira ${direction}: ${p.key}: ${p.message}`);
          }
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

/**
 * "Casewright: Show Jira Analytics": pass rate per story and over time, criteria coverage, open
 * defects and flaky cases of a Jira project (the config's `jira.project`, else asked), from the
 * executions recorded on Jira (core's `readExecutionAnalytics`), as `casewright jira analytics`
 * prints them, in a read-only document. Returns the text shown.
 */
export async function showJiraAnalytics(deps: JiraCommandDeps, project?: string): Promise<string | undefined> {
  const folder = folderOf(vscode.window.activeTextEditor?.document.uri);
  const ws = await folderWorkspace(deps, folder.uri);
  let key = project ?? ws.config.jira?.project;
  if (!key) {
    const typed = await vscode.window.showInputBox({
      title: 'Casewright: Jira analytics of which project?',
      prompt: 'The Jira project key, e.g. SHOP (jira.project in casewright.config.yaml saves asking)',
      ignoreFocusOut: true,
      validateInput: (v) => (PROJECT_KEY.test(v.trim()) ? undefined : `'${v.trim()}' is not a Jira project key such as SHOP`),
    });
    if (typed === undefined) return undefined;
    key = typed.trim();
  }
  await jiraClient(ws);
  let analytics: executions.ExecutionAnalytics;
  try {
    analytics = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Casewright: reading the analytics of ${key} from Jira` },
      () => executions.readExecutionAnalytics(ws, { project: key }),
    );
  } catch (error) {
    const site = deps.settings.read(folder.uri).jiraSite || ws.config.jira?.site || 'the Jira site';
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`could not read the Jira analytics of project ${key} from ${site} (folder ${folder.name}): ${why}`, { cause: error });
  }
  const text = executions.formatAnalytics(analytics, { scope: `project ${key}` });
  const doc = await vscode.workspace.openTextDocument(deps.conflicts.add(`analytics/${key} analytics.txt`, text));
  await vscode.window.showTextDocument(doc, { preview: false });
  return text;
}
