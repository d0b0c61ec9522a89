import * as vscode from 'vscode';
import { importConversations as importJob, type ConversationFilter, type ImportSummary } from '@casewright/core';
import type { Settings } from '../settings.js';
import { parseFilterText } from './import-filter.js';
import { folderOf, folderWorkspace, saveIfDirty, type WorkspaceDeps } from './workspaces.js';

export interface ImportArgs {
  /** `jsonl:<path>` or `bigquery:<project.dataset.table>` (`bigquery:` alone: the settings' table). */
  from?: string;
  filter?: Omit<ConversationFilter, 'cursor'>;
  /** Case file to add to, relative to the workspace folder. */
  out?: string;
}

async function ask(settings: Settings, folder: vscode.WorkspaceFolder): Promise<ImportArgs | undefined> {
  const kind = await vscode.window.showQuickPick(
    [
      { label: 'JSONL file', description: 'one conversation per line', value: 'jsonl' },
      { label: 'BigQuery table', description: settings.read().bigqueryTable || 'set casewright.bigquery.table', value: 'bigquery' },
    ],
    { title: 'Casewright: import conversations from' },
  );
  if (!kind) return undefined;
  let from: string;
  if (kind.value === 'jsonl') {
    const picked = await vscode.window.showOpenDialog({
      defaultUri: folder.uri,
      canSelectMany: false,
      filters: { 'Conversations (JSONL)': ['jsonl', 'ndjson'] },
    });
    if (!picked?.[0]) return undefined;
    from = `jsonl:${picked[0].fsPath}`;
  } else {
    const table = await vscode.window.showInputBox({ title: 'BigQuery table (project.dataset.table)', value: tableRef(settings) });
    if (!table) return undefined;
    from = `bigquery:${table}`;
  }
  const filterText = await vscode.window.showInputBox({
    title: 'Filters (optional)',
    placeHolder: 'since=2026-01-01 until=2026-01-31 model=gpt-4o search="refund" limit=50',
    validateInput: (t) => {
      try {
        parseFilterText(t);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  if (filterText === undefined) return undefined;
  const out = await vscode.window.showInputBox({ title: 'Add the cases to', value: 'imported.cases.yaml' });
  if (!out) return undefined;
  return { from, filter: parseFilterText(filterText), out };
}

function tableRef(settings: Settings): string {
  const { bigqueryProject, bigqueryTable } = settings.read();
  if (!bigqueryTable) return '';
  return bigqueryTable.split('.').length === 2 && bigqueryProject ? `${bigqueryProject}.${bigqueryTable}` : bigqueryTable;
}

/**
 * Import conversations: JSONL or BigQuery → cases appended to a case file, with a
 * cancellable progress notification. BigQuery takes project/table/endpoint from the
 * settings (over `conversations.bigquery` in the config); a stored `bigquery` key is used
 * as an OAuth access token, otherwise Application Default Credentials.
 */
export async function importConversations(deps: WorkspaceDeps, args: ImportArgs = {}): Promise<ImportSummary | undefined> {
  const { settings, keys, log } = deps;
  const folder = folderOf();
  const answers = args.from ? args : await ask(settings, folder);
  if (!answers?.from) return undefined;
  const s = settings.read();
  const spec = answers.from === 'bigquery:' && tableRef(settings) ? `bigquery:${tableRef(settings)}` : answers.from;
  const token = spec.startsWith('bigquery:') ? await keys.get('bigquery', 'user') : undefined;
  const ws = await folderWorkspace(deps, folder.uri);
  const out = ws.resolve(answers.out ?? 'imported.cases.yaml');
  await saveIfDirty(out);
  log.info(`import: ${spec.replace(/^jsonl:.*[/\\]/, 'jsonl:…/')} → ${ws.shown(out)} ${JSON.stringify(answers.filter ?? {})}`);
  const summary = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Casewright: importing conversations', cancellable: true },
    async (progress, cancel) => {
      const abort = new AbortController();
      cancel.onCancellationRequested(() => abort.abort());
      let last = 0;
      return importJob(ws, {
        from: spec,
        filter: answers.filter ?? {},
        out,
        bigquery: {
          ...(s.bigqueryProject ? { projectId: s.bigqueryProject } : {}),
          ...(s.bigqueryApiEndpoint ? { apiEndpoint: s.bigqueryApiEndpoint } : {}),
        },
        bigqueryClient: token ? { authClient: await accessTokenClient(token) } : undefined,
        signal: abort.signal,
        onEvent: (event) => {
          if (event.type === 'drafting') {
            log.info(
              `import: ${event.model ? `drafting requirements with ${event.model}` : 'no provider key: requirements are left empty'}`,
            );
            return;
          }
          const p = event.progress;
          const percent = p.total ? Math.floor((p.processed / p.total) * 100) : 0;
          progress.report({
            message: `${p.processed}${p.total ? ` of ${p.total}` : ''} conversations, ${p.imported} cases`,
            increment: Math.max(0, percent - last),
          });
          last = Math.max(last, percent);
        },
      });
    },
  );
  const message = `${summary.imported} case${summary.imported === 1 ? '' : 's'} imported into ${ws.shown(out)}${summary.skippedDuplicate ? `, ${summary.skippedDuplicate} already there` : ''}${summary.failed ? `, ${summary.failed} rows failed (see the log)` : ''}${summary.interrupted ? ' — interrupted; run it again to continue' : ''}`;
  for (const f of summary.failures.slice(0, 20)) log.warn(`import: ${JSON.stringify(f)}`);
  for (const w of summary.warnings) log.warn(`import: ${w}`);
  void vscode.window
    .showInformationMessage(`Casewright: ${message}.`, 'Open')
    .then((c) => c && vscode.window.showTextDocument(vscode.Uri.file(out)));
  return summary;
}

/** An OAuth2 client holding a stored access token; google-auth-library comes from the lazy BigQuery chunk. */
async function accessTokenClient(accessToken: string): Promise<never> {
  const { OAuth2Client } = await import('google-auth-library');
  const client = new OAuth2Client();
  client.setCredentials({ access_token: accessToken, expiry_date: Date.now() + 3_600_000 });
  return client as never;
}
