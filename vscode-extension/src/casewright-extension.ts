import * as vscode from 'vscode';
import { writeFile } from 'node:fs/promises';
import { SecretKeyStore, keyEnvironment } from './adapters/secret-key-store.js';
import { CaseDiagnostics } from './editor/diagnostics.js';
import { registerLanguageFeatures } from './editor/language-features.js';
import { TestTree } from './testing/test-tree.js';
import { RunProfiles } from './testing/run-profiles.js';
import { createCliCaseRunner } from './testing/cli-runner.js';
import { ManualExecutions } from './testing/manual-execution.js';
import type { FailureFix } from './testing/result-messages.js';
import { RunReportView } from './webviews/run-report.js';
import { JudgeReviewView } from './judge-review-view.js';
import { PendingEdits, REVIEW_SAVED } from './pending-edits.js';
import { coreLoadedAt } from './core-loader.js';
import { Settings } from './settings.js';
import { Logger } from './logger.js';
import { StatusBar } from './status-bar.js';

/** What `activate` returns: used by the integration tests and by other extensions. */
export interface CasewrightApi {
  /** Resolves when the first discovery (the list of case files) is complete. */
  ready: Promise<{ files: number }>;
  /** Ids of the test items as a flat list (`file`, `file#case`, `file#case#turn-n`). */
  listItems(): string[];
  /** Loads the cases of every file (what a run of everything does); resolves with the number of cases. */
  resolveAll(): Promise<number>;
}

/** Commands that read the workspace's config or run what it declares: refused in Restricted Mode. */
const NEEDS_TRUST = new Set([
  'casewright.runCase',
  'casewright.generateFromJira',
  'casewright.generateFromMarkdown',
  'casewright.jiraPull',
  'casewright.jiraPush',
  'casewright.jiraAnalytics',
  'casewright.importConversations',
  'casewright.acceptActual',
  'casewright.updateBaseline',
  'casewright.reviewDrafts',
  'casewright.acceptDraft',
  'casewright.editDraft',
  'casewright.rejectDraft',
  'casewright.showSimilarCases',
  'casewright.showJudgeVerdict',
  'casewright.confirmJudgeVerdict',
  'casewright.overrideJudgeVerdict',
  'casewright.judgeAgreement',
  'casewright.exportCases',
]);

/** The commands this class registers itself; every other command the manifest contributes is one of core-commands.ts. */
const OWN_COMMANDS = new Set([
  'casewright.runCase',
  'casewright.executeManually',
  'casewright.acceptActual',
  'casewright.updateBaseline',
  'casewright.setApiKey',
  'casewright.selectModel',
  'casewright.openInJira',
  'casewright.showLastRunReport',
  'casewright.showOutput',
  'casewright.refreshJudgeReview',
]);

/** What a "testing/message/context" menu command receives. */
interface TestMessageArgs {
  test?: vscode.TestItem;
  message?: vscode.TestMessage;
}

/**
 * Owns everything the extension creates — TestController, profiles, watchers, providers,
 * output channel, status bar — and disposes it on deactivation. Activation is light: no
 * file is read and core is not loaded until a case file is expanded, opened or run or a
 * command needs it.
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
  readonly judgeView: JudgeReviewView;
  readonly api: CasewrightApi;
  private coreHandlers: Promise<Map<string, (...args: never[]) => unknown>> | undefined;
  private readonly activateMs: number;

  constructor(
    private readonly context: vscode.ExtensionContext,
    activationStart = performance.now(),
    codeLoadMs?: number,
    codeLoadCpuMs?: number,
  ) {
    const cpuAtStart = process.cpuUsage();
    this.keys = new SecretKeyStore(context.secrets);
    this.log = new Logger(() => this.keys.knownSecrets);
    this.controller = vscode.tests.createTestController('casewright', 'Casewright');
    this.tree = new TestTree(this.controller);
    // The judge queues are read through core only when a queue file exists (the view lists them with findFiles first).
    this.judgeView = new JudgeReviewView(
      async (folders) =>
        (await import('./commands/judge-review.js')).loadJudgeQueues({ settings: this.settings, keys: this.keys, log: this.log }, folders),
      this.log,
    );
    const pendingEdits = new PendingEdits(context.workspaceState);
    const manual = new ManualExecutions({
      controller: this.controller,
      tree: this.tree,
      log: this.log,
      state: context.workspaceState,
      jira: async (uri) => {
        const { folderOf, folderWorkspace, jiraClient } = await import('./commands/workspaces.js');
        return jiraClient(await folderWorkspace(this, folderOf(uri).uri));
      },
      onRecorded: () => this.report.manualRecorded(),
    });
    const runner = createCliCaseRunner({
      // The CLI bundled in the .vsix, run by the editor's own runtime as plain Node.
      command: [process.execPath, context.asAbsolutePath('dist/cli.mjs')],
      env: async () => {
        const jiraToken = process.env.JIRA_API_TOKEN ? undefined : await this.keys.get('jira', 'user');
        return {
          ...process.env,
          ELECTRON_RUN_AS_NODE: '1',
          NO_COLOR: '1',
          ...(await keyEnvironment(this.keys, process.env)),
          // The token the Jira commands use (SecretStorage), so a run can be recorded on Jira.
          ...(jiraToken ? { JIRA_API_TOKEN: jiraToken } : {}),
        };
      },
    });
    const profiles = new RunProfiles(
      this.controller,
      this.tree,
      runner,
      this.settings,
      this.log,
      {
        onSpend: (usd) => this.status.addSpend(usd),
        onReport: (result) => {
          this.report.update(result);
          // A run queues doubtful judge verdicts.
          this.judgeView.refreshSoon();
        },
      },
      manual,
    );
    this.status.setModel(this.settings.read().model);
    const command = (id: string, fn: (...args: never[]) => unknown) =>
      vscode.commands.registerCommand(id, async (...args: never[]) => {
        if (NEEDS_TRUST.has(id) && !vscode.workspace.isTrusted) {
          void vscode.window.showWarningMessage(
            'Casewright: this command is off in Restricted Mode (it reads the workspace configuration and runs or sends what it declares). Trust the workspace to use it.',
          );
          return undefined;
        }
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
      new CaseDiagnostics(),
      profiles,
      manual,
      this.status,
      this.report,
      this.judgeView,
      // A save of a file with a review edit waiting for it (also after a window reload) goes to the review.
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (!pendingEdits.waitsFor(doc.uri)) return;
        void this.loadCoreHandlers()
          .then((handlers) => handlers.get(REVIEW_SAVED)?.(doc as never))
          .catch((error: unknown) => this.log.error(`review: ${error instanceof Error ? error.message : String(error)}`));
      }),
      ...registerLanguageFeatures(this.tree, this.settings),
      // Hover on a story criterion: similar existing cases (core and the index load on the first hover of a criterion).
      vscode.languages.registerHoverProvider([{ pattern: '**/*.{md,markdown,feature}' }], {
        provideHover: async (doc, position) => {
          if (!vscode.workspace.isTrusted || !vscode.workspace.getWorkspaceFolder(doc.uri)) return undefined;
          try {
            const { similarHover } = await import('./commands/similar-commands.js');
            return await similarHover({ settings: this.settings, keys: this.keys, log: this.log }, doc, position.line);
          } catch (error) {
            this.log.warn(`similar cases: ${error instanceof Error ? error.message : String(error)}`);
            return undefined;
          }
        },
      }),
      command('casewright.runCase', async (uri: vscode.Uri, caseId: string) => {
        await this.tree.resolveFile(uri);
        const item = this.tree.caseItem(uri, caseId);
        if (!item) throw new Error(`case ${caseId} is not in the Testing view; is the file valid?`);
        // The editor's text is what runs, saved or not: the lenses' lines came from it.
        await profiles.runItems(
          [item],
          vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()),
        );
      }),
      command('casewright.executeManually', async (uri: vscode.Uri, caseId: string) => {
        await this.tree.resolveFile(uri);
        await manual.execute(uri, caseId);
      }),
      command('casewright.acceptActual', (args: TestMessageArgs) => this.fixFromMessage(args, 'accept')),
      command('casewright.updateBaseline', (args: TestMessageArgs) => this.fixFromMessage(args, 'baseline')),
      command('casewright.setApiKey', async (provider?: string, secret?: string) =>
        (await import('./commands/key-commands.js')).setApiKey(this.keys, this.log, provider, secret),
      ),
      command('casewright.selectModel', async (model?: string) =>
        (await import('./commands/key-commands.js')).selectModel(this.settings, this.status, model),
      ),
      command('casewright.openInJira', async (key?: string) => (await import('./commands/key-commands.js')).openInJira(this.settings, key)),
      command('casewright.showLastRunReport', () => this.report.show()),
      command('casewright.showOutput', () => this.log.channel.show()),
      command('casewright.refreshJudgeReview', () => this.judgeView.refresh()),
      ...this.registerCoreCommands(command),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('casewright.model')) this.status.setModel(this.settings.read().model);
      }),
      this.log,
    );
    const ready = this.tree.discover().then(async (files) => {
      const treeMs = performance.now() - activationStart;
      this.log.info(
        `activated: ${files} case files; code loaded in ${codeLoadMs?.toFixed(0) ?? '?'} ms, activate() ${this.activateMs.toFixed(0)} ms, file tree ${treeMs.toFixed(0)} ms after activate() began`,
      );
      await this.writeMarkers(activationStart, cpuAtStart, { files, codeLoadMs, codeLoadCpuMs, activateCpuMs, treeMs });
      // The badge of pending judge verdicts, before anyone opens the view (core loads only if a queue file exists).
      void this.judgeView.refresh();
      return { files };
    });
    this.activateMs = performance.now() - activationStart;
    const activateCpu = process.cpuUsage(cpuAtStart);
    const activateCpuMs = (activateCpu.user + activateCpu.system) / 1000;
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
      resolveAll: () => this.tree.resolveAll(),
    };
  }

  /** The handlers of core-commands.ts, loaded on first use (the module imports core). */
  private loadCoreHandlers(): Promise<Map<string, (...args: never[]) => unknown>> {
    return (this.coreHandlers ??= import('./commands/core-commands.js').then(({ registerCoreCommands }) => {
      const map = new Map<string, (...args: never[]) => unknown>();
      const registered = registerCoreCommands(
        {
          settings: this.settings,
          keys: this.keys,
          log: this.log,
          status: this.status,
          tree: this.tree,
          controller: this.controller,
          judgeView: this.judgeView,
          state: this.context.workspaceState,
        },
        (id, fn) => {
          map.set(id, fn);
          return { dispose() {} };
        },
      );
      this.disposables.push(...registered);
      return map;
    }));
  }

  /**
   * The commands of core-commands.ts (generate, Jira sync, import, review, judge review,
   * export), registered at once but loaded on first use: their modules import core. Their ids
   * are the manifest's commands this class does not register itself.
   */
  private registerCoreCommands(command: (id: string, fn: (...args: never[]) => unknown) => vscode.Disposable): vscode.Disposable[] {
    const contributed =
      (this.context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ?? [];
    return contributed
      .map((c) => c.command)
      .filter((id) => !OWN_COMMANDS.has(id))
      .map((id) =>
        command(id, async (...args: never[]) => {
          const handler = (await this.loadCoreHandlers()).get(id);
          if (!handler) throw new Error(`bug: ${id} is in the manifest but no module provides it`);
          return handler(...args);
        }),
      );
  }

  /** "Accept actual as expected" / "Update baseline" from a failure message: the case file is edited through core's CaseFileEditor. */
  private async fixFromMessage(args: TestMessageArgs, kind: FailureFix['kind']): Promise<void> {
    const { test, message } = args ?? {};
    const location = message?.location;
    if (!test || !location || message.actualOutput === undefined) throw new Error('no failed assertion with an actual answer was given');
    const data = this.tree.get(test);
    if (data.type === 'file') throw new Error(`${test.label} is a file, not a case`);
    await this.tree.ensureParsed(data.uri);
    const item = this.tree.caseItem(data.uri, data.node.id);
    const fresh = item && this.tree.get(item);
    if (!fresh || fresh.type !== 'case')
      throw new Error(`the case "${test.label}" is no longer in ${vscode.workspace.asRelativePath(data.uri)}`);
    const line = location.range.start.line;
    const assertion = fresh.node.assertions.find((a) => !a.fromDefaults && a.range.startLine === line);
    if (kind === 'accept' && !assertion) throw new Error(`line ${line + 1} no longer holds the failed assertion; run the case again`);
    const fix: FailureFix = kind === 'accept' ? { kind, assertion: assertion!.index } : { kind };
    const { applyCaseFix, changedLines } = await import('./testing/case-fixes.js');
    const doc = await vscode.workspace.openTextDocument(data.uri);
    const before = doc.getText();
    const after = await applyCaseFix(before, vscode.workspace.asRelativePath(data.uri), fresh.node.id, fix, message.actualOutput);
    const change = changedLines(before, after);
    if (!change) return;
    const edit = new vscode.WorkspaceEdit();
    edit.replace(data.uri, new vscode.Range(change.startLine, 0, change.endLine, 0), change.text);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`could not edit ${vscode.workspace.asRelativePath(data.uri)}`);
    await doc.save();
    const what =
      kind === 'accept' ? `the ${assertion!.type} assertion on line ${line + 1} now expects` : 'expected.content (the baseline) is now';
    this.log.info(`${fresh.node.title}: ${what} the actual answer`);
    void vscode.window.showInformationMessage(`Casewright: "${fresh.node.title}": ${what} the actual answer.`);
  }

  /** Activation figures for the tests and `npm run bench:extension` (only when they ask for them). */
  private async writeMarkers(
    activationStart: number,
    cpuAtStart: NodeJS.CpuUsage,
    figures: { files: number; codeLoadMs: number | undefined; codeLoadCpuMs: number | undefined; activateCpuMs: number; treeMs: number },
  ): Promise<void> {
    const marker = process.env.CASEWRIGHT_ACTIVATION_MARKER;
    if (!marker) return;
    const coreLoaded = coreLoadedAt() !== undefined;
    await writeFile(marker, JSON.stringify({ ...figures, activateMs: this.activateMs, coreLoaded, ...this.tree.lastDiscovery }) + '\n');
    const windowMs = Number(process.env.CASEWRIGHT_BENCH_CPU_WINDOW_MS ?? 0);
    if (!windowMs) return;
    // The extension host's CPU in the window after activation; a few seconds later (the bench
    // reads the process's CPU from outside at the window's end), the complete tree.
    setTimeout(() => {
      const cpu = process.cpuUsage(cpuAtStart);
      const window = { windowMs, cpuMs: (cpu.user + cpu.system) / 1000, coreLoadedInWindow: coreLoadedAt() !== undefined };
      setTimeout(async () => {
        const started = performance.now();
        const cpuAtTree = process.cpuUsage();
        const cases = await this.tree.resolveAll();
        const resolveAllMs = performance.now() - started;
        const treeCpu = process.cpuUsage(cpuAtTree);
        await writeFile(
          `${marker}.bench.json`,
          JSON.stringify({
            ...window,
            cases,
            resolveAllMs,
            cpuMsOfCompleteTree: (treeCpu.user + treeCpu.system) / 1000,
            resolveTimes: this.tree.resolveTimes,
          }) + '\n',
        );
      }, 5_000);
    }, windowMs);
  }

  dispose(): void {
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
