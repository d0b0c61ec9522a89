import * as vscode from 'vscode';
import type { Diagnostic } from '@casewright/core';
import { isCaseFile } from '../testing/test-tree.js';
import { diagnosticCode } from './case-file-fixes.js';

export function toVsDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const range = new vscode.Range(d.start.line - 1, d.start.col - 1, d.end.line - 1, d.end.col - 1);
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, d.message, severity);
  diagnostic.source = 'casewright';
  diagnostic.code = diagnosticCode(d);
  return diagnostic;
}

/**
 * Validates open `*.cases.yaml` documents of the workspace as the user types (debounced) and
 * publishes the diagnostics of core plus the editor's own warnings. Core is loaded when the
 * first case file is opened. Views of a file that are not the file (a `git:` diff side) get
 * no diagnostics: they would stay in Problems with nothing to fix them.
 */
export class CaseDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('casewright');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => void this.validate(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    );
    for (const doc of vscode.workspace.textDocuments) void this.validate(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!isCaseFile(doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.validate(doc);
      }, 150),
    );
  }

  async validate(doc: vscode.TextDocument): Promise<void> {
    if (!isCaseFile(doc.uri)) return;
    const version = doc.version;
    const [{ analyzeCaseFile }, { storyCriteriaFor }] = await Promise.all([
      import('./case-file-analysis.js'),
      import('./story-criteria.js'),
    ]);
    if (doc.isClosed || doc.version !== version) return; // a newer validation follows
    const { diagnostics } = analyzeCaseFile(doc.getText(), vscode.workspace.asRelativePath(doc.uri), (story) =>
      doc.uri.scheme === 'file' ? storyCriteriaFor(doc.uri.fsPath, story) : undefined,
    );
    this.collection.set(doc.uri, diagnostics.map(toVsDiagnostic));
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}
