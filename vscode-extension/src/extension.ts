import type * as vscode from 'vscode';
import { CasewrightExtension, type CasewrightApi } from './casewright-extension.js';

let extension: CasewrightExtension | undefined;

/** Activated when the workspace has a `*.cases.yaml` file or a Casewright command runs. */
export function activate(context: vscode.ExtensionContext): CasewrightApi {
  const started = performance.now();
  extension = new CasewrightExtension(context, started);
  context.subscriptions.push(extension);
  return extension.api;
}

export function deactivate(): void {
  extension = undefined;
}
