import * as vscode from 'vscode';
import type { Diagnostic } from '@casewright/core';
import { analyzeCaseFile } from './case-file-analysis.js';
import { storyCriteriaFor } from './story-criteria.js';
import { isCaseFile } from '../testing/test-tree.js';

export function toVsDiagnostic(d: Diagnostic): vscode.Diagnostic {
  const range = new vscode.Range(d.start.line - 1, d.start.col - 1, d.end.line - 1, d.end.col - 1);
  const severity = d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const diagnostic = new vscode.Diagnostic(range, d.message, severity);
  diagnostic.source = 'casewright';
  diagnostic.code = d.code;
  return diagnostic;
}

/**
 * Validates open `*.cases.yaml` documents as the user types (debounced) and publishes
 * the diagnostics of core plus the editor's own warnings.
 */
export class CaseDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('casewright');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor() {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.validate(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // A closed file keeps its problems only when it has errors worth finding later.
        if (isCaseFile(d.uri)) this.collection.delete(d.uri);
      }),
    );
    for (const doc of vscode.workspace.textDocuments) this.validate(doc);
  }

  private schedule(doc: vscode.TextDocument): void {
    if (!isCaseFile(doc.uri)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.validate(doc);
      }, 150),
    );
  }

  validate(doc: vscode.TextDocument): void {
    if (!isCaseFile(doc.uri)) return;
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
