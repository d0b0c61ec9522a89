import * as vscode from 'vscode';
import type { CaseResult } from '@casewright/core';
import { escapeHtml } from './html.js';

/** A summary page of results, used when the runner returned no HTML report of its own. */
export function resultsHtml(results: CaseResult[]): string {
  const rows = results
    .map(
      (r) =>
        `<tr class="${r.outcome}"><td>${escapeHtml(r.outcome)}</td><td>${escapeHtml(r.title)}</td><td>${r.durationMs} ms</td><td>${r.cost !== undefined ? `$${r.cost.toFixed(4)}` : ''}</td><td>${escapeHtml(
          r.assertions
            .filter((a) => !a.pass)
            .map((a) => `${a.type}: ${a.reason}`)
            .join('; ') ||
            r.error?.message ||
            '',
        )}</td></tr>`,
    )
    .join('');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';">
<style>body{font-family:var(--vscode-font-family);color:var(--vscode-foreground)} td,th{padding:.3em .6em;text-align:left} .failed td:first-child,.errored td:first-child{color:var(--vscode-testing-iconFailed)} .passed td:first-child{color:var(--vscode-testing-iconPassed)}</style>
</head><body><h2>Last run</h2><table><tr><th>Outcome</th><th>Case</th><th>Duration</th><th>Cost</th><th>Why</th></tr>${rows}</table></body></html>`;
}

/** Keeps the last run's report and shows it in a webview on demand. */
export class RunReportView implements vscode.Disposable {
  private html: string | undefined;
  private panel: vscode.WebviewPanel | undefined;

  update(html: string | undefined, results: CaseResult[]): void {
    this.html = html ?? (results.length ? resultsHtml(results) : this.html);
    if (this.panel && this.html) this.panel.webview.html = this.html;
  }

  show(): void {
    if (!this.html) {
      void vscode.window.showInformationMessage('Casewright: no run yet in this session. Run cases from the Testing view first.');
      return;
    }
    if (!this.panel) {
      // Scripts stay off: the report is static HTML and may quote model output.
      this.panel = vscode.window.createWebviewPanel('casewright.report', 'Casewright: Last Run', vscode.ViewColumn.Beside, {
        enableScripts: false,
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.webview.html = this.html;
    this.panel.reveal();
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
