import * as vscode from 'vscode';

/**
 * For commands whose core piece is not part of this build: says so plainly instead of
 * pretending. Returns false so callers (and tests) can tell nothing happened.
 */
export async function notAvailable(feature: string): Promise<false> {
  await vscode.window.showWarningMessage(`Casewright: ${feature} is not available in this build.`);
  return false;
}
