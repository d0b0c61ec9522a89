import * as vscode from 'vscode';
import { writeFile } from 'node:fs/promises';
import type { CaseResult } from '@casewright/core';
import { SecretKeyStore } from './adapters/secret-key-store.js';
import { CaseDiagnostics } from './editor/diagnostics.js';
import { registerLanguageFeatures } from './editor/language-features.js';
import { TestTree } from './testing/test-tree.js';
import { RunProfiles } from './testing/run-profiles.js';
import { createCoreRunner } from './testing/core-runner.js';
import { RunReportView } from './webviews/run-report.js';
import { executeManually } from './commands/manual-execution.js';
import { openInJira, selectModel, setApiKey } from './commands/key-commands.js';
import { registerCoreCommands } from './commands/core-commands.js';
import { folderOf, folderWorkspace, jiraClient } from './commands/workspaces.js';
import { Settings } from './settings.js';
import { Logger } from './logger.js';
import { StatusBar } from './status-bar.js';

/** What `activate` returns: used by the integration tests and by other extensions. */
export interface CasewrightApi {
  /** Resolves when the first discovery is complete. */
  ready: Promise<{ files: number; cases: number }>;
  /** Ids of the test items as a flat list (`file`, `file#case`, `file#case#turn-n`). */
  listItems(): string[];
}

/**
 * Owns everything the extension creates — TestController, profiles, watchers, providers,
 * output channel, status bar — and disposes it on deactivation.
 */
export class CasewrightExtension implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  readonly settings = new Settings();
  readonly keys: SecretKeyStore;
  readonly log: Logger;
  readonly controller: vscode.TestController;
  readonly tree: TestTree;
  readonly status = new StatusBar();
  readonly report = new RunReportView();
  readonly api: CasewrightApi;
  private readonly manualResults: CaseResult[] = [];

  constructor(context: vscode.ExtensionContext, activationStart = performance.now(), codeLoadMs?: number) {
    this.keys = new SecretKeyStore(context.secrets);
    this.log = new Logger(() => this.keys.knownSecrets);
    this.controller = vscode.tests.createTestController('casewright', 'Casewright');
    this.tree = new TestTree(this.controller);
    const diagnostics = new CaseDiagnostics();
    const profiles = new RunProfiles(this.controller, this.tree, createCoreRunner({ keyStore: this.keys }), this.settings, this.log, {
      onSpend: (usd) => this.status.addSpend(usd),
      onReport: (html, results) => this.report.update(html, results),
    });
    this.status.setModel(this.settings.read().model);
    const manualDeps = {
      controller: this.controller,
      tree: this.tree,
      log: this.log,
      jira: async (uri: vscode.Uri) => jiraClient(await folderWorkspace(this, folderOf(uri).uri)),
      onResult: (r: CaseResult) => {
        this.manualResults.push(r);
        this.report.update(undefined, [...this.manualResults]);
      },
    };
    const command = (id: string, fn: (...args: never[]) => unknown) =>
      vscode.commands.registerCommand(id, async (...args: never[]) => {
        try {
          return await fn(...args);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          this.log.error(`${id}: ${message}`);
          void vscode.window.showErrorMessage(`Casewright: ${message}`);
          return undefined;
        }
      });
    this.disposables.push(
      this.controller,
      this.tree,
      diagnostics,
      profiles,
      this.status,
      this.report,
      ...registerLanguageFeatures(this.tree, this.settings),
      command('casewright.runCase', async (uri: vscode.Uri, caseId: string) => {
        const item = this.tree.caseItem(uri, caseId);
        if (!item) throw new Error(`case ${caseId} is not in the Testing view; is the file saved and valid?`);
        await profiles.runItems([item]);
      }),
      command('casewright.executeManually', (uri: vscode.Uri, caseId: string) => executeManually(manualDeps, uri, caseId)),
      command('casewright.setApiKey', (provider?: string, secret?: string) => setApiKey(this.keys, this.log, provider, secret)),
      command('casewright.selectModel', (model?: string) => selectModel(this.settings, this.status, model)),
      command('casewright.openInJira', (key?: string) => openInJira(this.settings, key)),
      command('casewright.showLastRunReport', () => this.report.show()),
      command('casewright.showOutput', () => this.log.channel.show()),
      ...registerCoreCommands({ settings: this.settings, keys: this.keys, log: this.log, status: this.status, tree: this.tree }, command),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('casewright.model')) this.status.setModel(this.settings.read().model);
      }),
      this.log,
    );
    const ready = this.tree.discover().then(async (cases) => {
      let files = 0;
      this.controller.items.forEach(() => files++);
      const discoveryMs = performance.now() - activationStart;
      this.log.info(
        `activated: ${cases} cases in ${files} files; code loaded in ${codeLoadMs?.toFixed(0) ?? '?'} ms, activate() ${this.activateMs.toFixed(0)} ms, tree complete ${discoveryMs.toFixed(0)} ms after activate() began`,
      );
      const marker = process.env.CASEWRIGHT_ACTIVATION_MARKER;
      if (marker)
        await writeFile(
          marker,
          JSON.stringify({
            files,
            cases,
            codeLoadMs,
            activateMs: this.activateMs,
            treeCompleteMs: discoveryMs,
            ...this.tree.lastDiscovery,
          }) + '\n',
        );
      return { files, cases };
    });
    this.activateMs = performance.now() - activationStart;
    this.api = {
      ready,
      listItems: () => {
        const ids: string[] = [];
        const walk = (items: vscode.TestItemCollection) =>
          items.forEach((item) => {
            ids.push(item.id);
            walk(item.children);
          });
        walk(this.controller.items);
        return ids;
      },
    };
  }

  private readonly activateMs: number;

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
