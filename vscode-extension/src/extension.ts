import type * as vscode from 'vscode';
import { CasewrightExtension, type CasewrightApi } from './casewright-extension.js';

/** Set by the bundle's first line (esbuild banner): when VS Code began evaluating the code, and the CPU used until then. */
declare const __cwLoadStart: number | undefined;
declare const __cwLoadCpu: NodeJS.CpuUsage | undefined;

let extension: CasewrightExtension | undefined;

/** Activated when the workspace has a `*.cases.yaml` file or a Casewright command runs. */
export function activate(context: vscode.ExtensionContext): CasewrightApi {
  const started = performance.now();
  const codeLoadMs = typeof __cwLoadStart === 'number' ? started - __cwLoadStart : undefined;
  const loadCpu = typeof __cwLoadCpu === 'object' ? process.cpuUsage(__cwLoadCpu) : undefined;
  const codeLoadCpuMs = loadCpu && (loadCpu.user + loadCpu.system) / 1000;
  extension = new CasewrightExtension(context, started, codeLoadMs, codeLoadCpuMs);
  context.subscriptions.push(extension);
  return extension.api;
}

export function deactivate(): void {
  extension = undefined;
}
