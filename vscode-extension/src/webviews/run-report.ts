import * as vscode from 'vscode';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CaseResult, RunResult } from '@casewright/core';
import { loadCore } from '../core-loader.js';
import { nonce } from './html.js';
import { latestManualResults } from '../testing/manual-results-file.js';

/**
 * Core's HTML report made fit for a webview: a Content-Security-Policy that lets only the
 * report's own script run (by nonce) and loads nothing from anywhere. The report builds its
 * page from the embedded run data with that script, so a webview without scripts showed a
 * blank page.
 */
export function webviewReportHtml(html: string, scriptNonce: string): string {
  const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'nonce-${scriptNonce}';">`;
  return html.replace(/<head>/i, `<head>\n${csp}`).replace(/<script(?![^>]*type="application\/json")/g, `<script nonce="${scriptNonce}"`);
}

/**
 * "Show Last Run Report": core's HTML report of the last run of this session, or — after a
 * reload — the newest `.casewright/last-run.json` the CLI wrote in a workspace folder, with
 * the latest manual executions (`.casewright/manual-results.jsonl`) added.
 */
export class RunReportView implements vscode.Disposable {
  private last: RunResult | undefined;
  private panel: vscode.WebviewPanel | undefined;

  /** The last automated run (replaces the previous one). */
  update(result: RunResult | undefined): void {
    if (!result) return;
    this.last = result;
    if (this.panel) void this.render();
  }

  /** A manual execution was recorded: an open report shows it. */
  manualRecorded(): void {
    if (this.panel) void this.render();
  }

  async show(): Promise<void> {
    const result = await this.result();
    if (!result) {
      void vscode.window.showInformationMessage('Casewright: no run yet. Run cases from the Testing view first.');
      return;
    }
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('casewright.report', 'Casewright: Last Run', vscode.ViewColumn.Beside, {
        // The report's own script builds the page (by nonce, see webviewReportHtml); it loads nothing.
        enableScripts: true,
        enableCommandUris: false,
        localResourceRoots: [],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    await this.render(result);
    this.panel.reveal();
  }

  private async render(known?: RunResult): Promise<void> {
    const result = known ?? (await this.result());
    if (!this.panel || !result) return;
    const { htmlReport } = await loadCore();
    this.panel.webview.html = webviewReportHtml(htmlReport(result, 'Casewright: last run'), nonce());
  }

  private async result(): Promise<RunResult | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const run = this.last ?? (await newestLastRun(folders.map((f) => f.uri.fsPath)));
    const manual: CaseResult[] = [];
    for (const folder of folders) manual.push(...(await latestManualResults(folder.uri.fsPath)));
    if (!run && manual.length === 0) return undefined;
    const { summarize } = await loadCore();
    const manualIds = new Set(manual.map((m) => m.caseId));
    const cases = [...(run?.cases ?? []).filter((c) => !manualIds.has(c.caseId)), ...manual];
    const now = new Date().toISOString();
    return {
      schemaVersion: 1,
      runId: run?.runId ?? 'manual',
      startedAt: run?.startedAt ?? manual[0]?.startedAt ?? now,
      finishedAt: run?.finishedAt ?? now,
      ...(run?.interrupted ? { interrupted: true } : {}),
      summary: summarize(cases, run?.summary.durationMs ?? 0),
      cases,
    };
  }

  dispose(): void {
    this.panel?.dispose();
  }
}

/** The newest `.casewright/last-run.json` of the folders (the CLI writes one per run). */
async function newestLastRun(folders: readonly string[]): Promise<RunResult | undefined> {
  let best: { mtime: number; file: string } | undefined;
  for (const folder of folders) {
    const file = path.join(folder, '.casewright', 'last-run.json');
    const info = await stat(file).catch(() => undefined);
    if (info && (!best || info.mtimeMs > best.mtime)) best = { mtime: info.mtimeMs, file };
  }
  if (!best) return undefined;
  try {
    const { RunResultSchema } = await loadCore();
    return RunResultSchema.parse(JSON.parse(await readFile(best.file, 'utf8')));
  } catch {
    return undefined; // an unreadable file is no report
  }
}
