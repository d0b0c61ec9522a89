import * as vscode from 'vscode';
import path from 'node:path';
import { executions } from '@casewright/core';
import { folderOf, folderWorkspace, PROJECT_KEY, type WorkspaceDeps } from './workspaces.js';

interface FormatChoice {
  format: executions.ExportFormat;
  label: string;
  detail: string;
  /** Whether the format needs a Jira project key (else optional, or not used). */
  project: 'required' | 'optional' | 'none';
  /** The default destination (relative to the folder): core's. */
  out: string;
}

/** The formats of `casewright export` (docs/interop.md), in the words of the tools that import them. */
const FORMATS: FormatChoice[] = [
  {
    format: 'xray',
    label: 'Xray tests (JSON)',
    detail: "Xray Cloud's Import Tests – Bulk: one test per case (manual steps, Gherkin, Generic)",
    project: 'optional',
    out: '.casewright/export/xray-tests.json',
  },
  {
    format: 'xray-results',
    label: 'Xray results of the last run (JSON)',
    detail: "Xray's execution results JSON, from .casewright/last-run.json",
    project: 'required',
    out: '.casewright/export/xray-results.json',
  },
  {
    format: 'zephyr',
    label: 'Zephyr Scale test cases (JSON)',
    detail: "Zephyr Scale Cloud's test-case API bodies",
    project: 'required',
    out: '.casewright/export/zephyr-testcases.json',
  },
  {
    format: 'gherkin',
    label: 'Gherkin .feature files',
    detail: 'one .feature per case file, manual cases as scenarios',
    project: 'none',
    out: '.casewright/export/features',
  },
];

/**
 * "Casewright: Export Cases…": the format, the Jira project key when the config has none,
 * and the destination (the default beside the config, or a file / folder you choose); then
 * core's `exportCases`, as `casewright export` runs it. From the Explorer's context menu on a
 * case file or folder, only those cases; otherwise the folder's. Unsaved case files are saved
 * first. Bad input (an invalid case file, no last run) writes nothing and says what and where.
 */
export async function exportCases(deps: WorkspaceDeps, uri?: vscode.Uri): Promise<string | undefined> {
  const folder = folderOf(uri ?? vscode.window.activeTextEditor?.document.uri);
  const choice = await vscode.window.showQuickPick(
    FORMATS.map((f) => ({ label: f.label, description: f.format, detail: f.detail, choice: f })),
    { title: 'Casewright: export cases as…', placeHolder: 'The format of the tool that imports them', ignoreFocusOut: true },
  );
  if (!choice) return undefined;
  const format = choice.choice;
  for (const doc of vscode.workspace.textDocuments)
    if (doc.isDirty && doc.uri.fsPath.endsWith('.cases.yaml') && vscode.workspace.getWorkspaceFolder(doc.uri) === folder) await doc.save();
  const ws = await folderWorkspace(deps, folder.uri);

  let project = ws.config.jira?.project;
  if (!project && format.project !== 'none') {
    const typed = await vscode.window.showInputBox({
      title: `Casewright: ${format.label}: the Jira project key`,
      prompt:
        format.project === 'required'
          ? 'The project the tests belong to, e.g. SHOP (jira.project in casewright.config.yaml saves asking)'
          : 'The project the tests belong to, e.g. SHOP; optional (Enter: none, give ?project= to the import call)',
      ignoreFocusOut: true,
      validateInput: (v) =>
        v.trim() === ''
          ? format.project === 'required'
            ? `${format.label} needs the Jira project key`
            : undefined
          : PROJECT_KEY.test(v.trim())
            ? undefined
            : `'${v.trim()}' is not a Jira project key such as SHOP`,
    });
    if (typed === undefined) return undefined;
    project = typed.trim() || undefined;
  }

  const defaultOut = path.relative(folder.uri.fsPath, ws.resolve(format.out)).split(path.sep).join('/');
  const where = await vscode.window.showQuickPick(
    [
      { label: defaultOut, description: 'the default', value: 'default' as const },
      {
        label: format.format === 'gherkin' ? 'Choose a folder…' : 'Choose a file…',
        description: format.format === 'gherkin' ? 'one .feature file per case file goes in it' : '',
        value: 'choose' as const,
      },
    ],
    { title: `Casewright: ${format.label}: where to?`, placeHolder: 'The destination', ignoreFocusOut: true },
  );
  if (!where) return undefined;
  let out: string | undefined;
  if (where.value === 'choose') {
    const picked =
      format.format === 'gherkin'
        ? (
            await vscode.window.showOpenDialog({
              canSelectFolders: true,
              canSelectFiles: false,
              defaultUri: folder.uri,
              openLabel: 'Export here',
            })
          )?.[0]
        : await vscode.window.showSaveDialog({
            defaultUri: vscode.Uri.file(ws.resolve(format.out)),
            filters: { JSON: ['json'] },
            saveLabel: 'Export',
          });
    if (!picked) return undefined;
    out = picked.fsPath;
  }

  const paths = uri && format.format !== 'xray-results' ? [uri.fsPath] : undefined;
  let result: Awaited<ReturnType<typeof executions.exportCases>>;
  try {
    result = await executions.exportCases(ws, { format: format.format, paths, out, project });
  } catch (error) {
    throw new Error(`${format.label}: nothing was written: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const files = result.files.map((f) => f.file);
  const what = format.format === 'xray-results' ? 'test result' : format.format === 'gherkin' ? 'scenario' : 'case';
  const message = `exported ${result.exported} ${what}${result.exported === 1 ? '' : 's'} as ${format.label} to ${files.join(', ')}`;
  deps.log.info(`export: ${message}`);
  for (const note of result.notes) deps.log.warn(`export: ${note}`);
  const notes = result.notes.length ? ` ${result.notes.join('; ')}.` : '';
  void vscode.window.showInformationMessage(`Casewright: ${message}.${notes}`, 'Open').then(async (open) => {
    if (open && result.files[0]) await vscode.window.showTextDocument(vscode.Uri.file(ws.resolve(result.files[0].file)));
  });
  return message;
}
