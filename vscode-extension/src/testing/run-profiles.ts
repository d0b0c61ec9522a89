import * as vscode from 'vscode';
import type { CaseResult, Outcome, RunResult } from '@casewright/core';
import { mergeRuns, type CaseRunner } from './cli-runner.js';
import { ContinuousRuns } from './continuous-runs.js';
import { CriteriaCoverage } from './coverage-profile.js';
import type { ManualExecutions } from './manual-execution.js';
import { toResultView } from './result-messages.js';
import { declaredTargetNames } from './target-names.js';
import { isCaseFile, toRange, type TestTree } from './test-tree.js';
import type { Settings } from '../settings.js';
import type { Logger } from '../logger.js';

export interface RunHooks {
  /** Called with each run's spend, for the status bar. */
  onSpend(usd: number): void;
  /** The run as it ended (all folders), for "Show Last Run Report". */
  onReport(result: RunResult | undefined): void;
}

interface RunOptions {
  name: string;
  repeat?: boolean;
  /** A target for every case (a per-target profile); else the settings' target or each suite's default. */
  target?: string;
  coverage?: boolean;
  /** The editor a CodeLens run came from: its unsaved text is what runs. */
  document?: vscode.TextDocument;
}

/** The tag of manual cases: the "Run manually" profile applies to them only. */
export const MANUAL_TAG = new vscode.TestTag('kind:manual');

const RESTRICTED =
  'Casewright: runs are off in Restricted Mode — a run starts the targets, commands and assertion code the workspace declares. Trust the workspace to run cases.';

/**
 * The run profiles: Run, Run with repeats, one "Run against <target>" per declared target,
 * "Run manually" (manual cases: the stepper), and acceptance-criteria coverage. Each run goes
 * through the CLI in a child process, one per workspace folder (each folder's config and
 * settings), and every result becomes the Test Explorer's state, messages and output.
 * Cancelling stops the child. Continuous run re-runs the watched cases once per burst of
 * saves, never while a run is going.
 */
export class RunProfiles implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly continuous = new Set<{ scheduler: ContinuousRuns<string> }>();
  private readonly targetProfiles = new Map<string, vscode.TestRunProfile>();
  private readonly coverage = new CriteriaCoverage();
  /** Runs in progress: stopped (their CLI with them) when the extension is disposed. */
  private readonly active = new Set<AbortController>();
  private targetsTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly controller: vscode.TestController,
    private readonly tree: TestTree,
    private readonly runner: CaseRunner,
    private readonly settings: Settings,
    private readonly log: Logger,
    private readonly hooks: RunHooks,
    private readonly manual: ManualExecutions,
  ) {
    const run = controller.createRunProfile(
      'Run',
      vscode.TestRunProfileKind.Run,
      (r, t) => this.handle(r, t, { name: 'Casewright' }),
      true,
      undefined,
      true,
    );
    const repeats = controller.createRunProfile(
      'Run with repeats',
      vscode.TestRunProfileKind.Run,
      (r, t) => this.handle(r, t, { name: 'Casewright (repeats)', repeat: true }),
      false,
      undefined,
      true,
    );
    const manualProfile = controller.createRunProfile(
      'Run manually',
      vscode.TestRunProfileKind.Run,
      (r, t) => this.runManually(r, t),
      false,
      MANUAL_TAG,
    );
    const coverage = controller.createRunProfile('Coverage of acceptance criteria', vscode.TestRunProfileKind.Coverage, (r, t) =>
      this.execute(r, t, { name: 'Casewright (criteria coverage)', coverage: true }),
    );
    coverage.loadDetailedCoverage = async (_run, fileCoverage) => this.coverage.detailsOf(fileCoverage);
    const targets = vscode.workspace.createFileSystemWatcher('**/{casewright.config.yaml,targets/*.yaml,targets/*.yml}');
    this.disposables.push(
      run,
      repeats,
      manualProfile,
      coverage,
      targets,
      targets.onDidCreate(() => this.refreshTargets()),
      targets.onDidChange(() => this.refreshTargets()),
      targets.onDidDelete(() => this.refreshTargets()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refreshTargets()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('casewright.configFile') && this.refreshTargets()),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (!isCaseFile(doc.uri)) return;
        for (const entry of this.continuous) entry.scheduler.saved(doc.uri.toString());
      }),
    );
    this.refreshTargets(0);
  }

  /** Runs given items now (CodeLens "Run": the editor's text, saved or not); resolves when the run ends. */
  async runItems(items: vscode.TestItem[], document?: vscode.TextDocument): Promise<void> {
    const source = new vscode.CancellationTokenSource();
    try {
      await this.execute(new vscode.TestRunRequest(items), source.token, { name: 'Casewright', document });
    } finally {
      source.dispose();
    }
  }

  /** One "Run against <target>" profile per target the workspace folders declare (read without core). */
  private refreshTargets(delayMs = 300): void {
    clearTimeout(this.targetsTimer);
    this.targetsTimer = setTimeout(async () => {
      const names = new Set<string>();
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const configFile = this.settings.read(folder.uri).configFile || undefined;
        for (const name of await declaredTargetNames(folder.uri.fsPath, configFile).catch(() => [])) names.add(name);
      }
      for (const [name, profile] of this.targetProfiles) {
        if (names.has(name)) continue;
        profile.dispose();
        this.targetProfiles.delete(name);
      }
      for (const name of names) {
        if (this.targetProfiles.has(name)) continue;
        this.targetProfiles.set(
          name,
          this.controller.createRunProfile(
            `Run against ${name}`,
            vscode.TestRunProfileKind.Run,
            (r, t) => this.handle(r, t, { name: `Casewright (${name})`, target: name }),
            false,
            undefined,
            true,
          ),
        );
      }
    }, delayMs);
  }

  private async handle(request: vscode.TestRunRequest, token: vscode.CancellationToken, options: RunOptions): Promise<void> {
    if (!request.continuous) return this.execute(request, token, options);
    const entry = {
      scheduler: new ContinuousRuns<string>(async (saved) => {
        const items = request.include
          ? request.include.filter((item) => item.uri && saved.has(item.uri.toString()))
          : [...saved].map((key) => this.tree.fileItem(vscode.Uri.parse(key))).filter((i): i is vscode.TestItem => i !== undefined);
        if (items.length === 0 || token.isCancellationRequested) return;
        this.log.info(`continuous run: ${saved.size} saved file(s)`);
        await this.execute(new vscode.TestRunRequest(items, request.exclude, request.profile, true), token, options);
      }),
    };
    this.continuous.add(entry);
    token.onCancellationRequested(() => {
      entry.scheduler.dispose();
      this.continuous.delete(entry);
    });
  }

  /** Loads the cases of the files the request names (or of every file), then lists the cases per file. */
  private async collect(
    request: vscode.TestRunRequest,
  ): Promise<Map<string, { uri: vscode.Uri; cases: vscode.TestItem[]; whole: boolean }>> {
    const roots = request.include ?? this.tree.fileItems();
    for (const item of roots) {
      const data = this.tree.get(item);
      if (data.uri) await this.tree.ensureParsed(data.uri); // results are placed at assertion lines
    }
    const byFile = new Map<string, { uri: vscode.Uri; cases: vscode.TestItem[]; whole: boolean }>();
    const excluded = new Set(request.exclude ?? []);
    const add = (item: vscode.TestItem, whole: boolean) => {
      if (excluded.has(item)) return;
      const data = this.tree.get(item);
      if (data.type === 'file') {
        item.children.forEach((child) => add(child, whole));
        return;
      }
      // A turn runs its whole conversation: later turns need the earlier answers.
      const caseItem = data.type === 'turn' ? item.parent : item;
      if (!caseItem) return;
      const key = data.uri.toString();
      const entry = byFile.get(key) ?? { uri: data.uri, cases: [], whole };
      entry.whole &&= whole;
      if (!entry.cases.includes(caseItem)) entry.cases.push(caseItem);
      byFile.set(key, entry);
    };
    for (const item of roots) add(item, this.tree.get(item).type === 'file' && excluded.size === 0);
    return byFile;
  }

  private async execute(request: vscode.TestRunRequest, token: vscode.CancellationToken, options: RunOptions): Promise<void> {
    const run = this.controller.createTestRun(request, options.name);
    const abort = new AbortController();
    this.active.add(abort);
    const cancel = token.onCancellationRequested(() => abort.abort());
    const parts: RunResult[] = [];
    const outcomes = new Map<string, Outcome>();
    const reported = new Set<vscode.TestItem>();
    try {
      const byFile = await this.collect(request);
      if (!vscode.workspace.isTrusted) {
        for (const { cases } of byFile.values()) for (const item of cases) run.skipped(item);
        run.appendOutput(`${RESTRICTED}\r\n`);
        void vscode.window.showWarningMessage(RESTRICTED, 'Manage Workspace Trust').then((c) => {
          if (c) void vscode.commands.executeCommand('workbench.trust.manage');
        });
        return;
      }
      // Per workspace folder: each has its own config, targets and settings, as `casewright run` in that folder.
      const groups = new Map<
        string,
        { folder: vscode.WorkspaceFolder | undefined; files: { uri: vscode.Uri; cases: vscode.TestItem[]; whole: boolean }[] }
      >();
      for (const file of byFile.values()) {
        const runnable = file.cases.filter((item) => {
          const data = this.tree.get(item);
          if (data.type === 'case' && data.node.kind === 'manual') {
            run.skipped(item);
            run.appendOutput(
              `- ${item.label}: manual case — run it with the "Run manually" profile or "Execute manually" above the case\r\n`,
              undefined,
              item,
            );
            return false;
          }
          return true;
        });
        if (runnable.length === 0) continue;
        const folder = vscode.workspace.getWorkspaceFolder(file.uri);
        const key = folder?.uri.toString() ?? '';
        const group = groups.get(key) ?? { folder, files: [] };
        group.files.push({ ...file, cases: runnable });
        groups.set(key, group);
      }
      for (const { folder, files } of groups.values()) {
        if (abort.signal.aborted) break;
        const items = new Map<string, vscode.TestItem>();
        for (const { cases } of files) for (const item of cases) items.set(item.id, item);
        for (const item of items.values()) {
          this.tree.resolveTurns(item);
          run.started(item);
          item.children.forEach((child) => run.started(child));
        }
        const settings = this.settings.read(folder?.uri ?? files[0]!.uri);
        const cwd = folder?.uri.fsPath ?? vscode.Uri.joinPath(files[0]!.uri, '..').fsPath;
        // Unsaved text runs as the user sees it (the CLI reads it from standard input).
        const dirty = files.map((f) => this.openDocument(f.uri)).filter((d): d is vscode.TextDocument => d?.isDirty === true);
        const unsavedDoc = options.document?.isDirty ? options.document : dirty.length === 1 ? dirty[0] : undefined;
        for (const doc of dirty)
          if (doc !== unsavedDoc)
            run.appendOutput(`${vscode.workspace.asRelativePath(doc.uri)} has unsaved changes; its saved version runs\r\n`);
        const whole = files.every((f) => f.whole);
        const target = options.target ?? (settings.target || undefined);
        const repeat = options.repeat ? settings.repeats : 1;
        this.log.info(
          `run: ${items.size} case(s) in ${files.length} file(s) of ${folder?.name ?? cwd}${repeat > 1 ? ` × ${repeat}` : ''}, target ${target ?? '(config / suite default)'}`,
        );
        const outcome = await this.runner.run({
          cwd,
          files: files.map((f) => f.uri.fsPath),
          caseIds: whole ? undefined : new Set([...items.values()].map((item) => this.caseId(item))),
          target,
          repeat,
          concurrency: settings.concurrency,
          configFile: settings.configFile || undefined,
          // A workspace with a Jira site records each run as an execution (the cases it has issues for).
          jira: settings.jiraSite && settings.jiraEmail ? { site: settings.jiraSite, email: settings.jiraEmail } : undefined,
          unsaved: unsavedDoc ? { file: unsavedDoc.uri.fsPath, text: unsavedDoc.getText() } : undefined,
          signal: abort.signal,
          onStderr: (text) => run.appendOutput(text.replace(/\r?\n/g, '\r\n')),
          onSpawn: (pid) => this.log.info(`run: casewright CLI started (pid ${pid}) in ${cwd}`),
          onCaseResult: (file, result) => {
            const item = items.get(`${vscode.Uri.file(file).toString()}#${result.caseId.toLowerCase()}`);
            outcomes.set(result.caseId.toLowerCase(), result.outcome);
            if (!item) return;
            reported.add(item);
            this.report(run, item, result);
          },
        });
        if (outcome.result) parts.push(outcome.result);
        if (outcome.cancelled) this.log.info(`run cancelled: the casewright CLI stopped (exit ${outcome.exitCode ?? 'signal'})`);
        const problem =
          outcome.exitCode === 2 || (!outcome.result && !outcome.cancelled)
            ? lastLines(outcome.stderr) || `the casewright CLI exited with ${outcome.exitCode}`
            : undefined;
        if (problem) this.log.error(`run failed: ${problem}`);
        for (const item of items.values()) {
          if (reported.has(item)) continue;
          if (problem) run.errored(item, new vscode.TestMessage(problem));
          else run.skipped(item);
        }
      }
      const merged = mergeRuns(parts);
      this.hooks.onReport(merged);
      this.hooks.onSpend(merged?.summary.cost ?? 0);
      if (options.coverage) {
        const covered = await this.coverage.add(
          run,
          [...byFile.values()].map((f) => f.uri),
          outcomes,
        );
        if (covered.size === 0)
          run.appendOutput(
            'No story Markdown file for these cases (story: a .md path, or a Jira key with <name>.md beside <name>.cases.yaml): no criteria coverage.\r\n',
          );
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`run failed: ${message}`);
      run.appendOutput(`Run failed: ${message}\r\n`);
    } finally {
      this.active.delete(abort);
      cancel.dispose();
      run.end();
    }
  }

  /** "Run manually": the stepper for each manual case of the request, one after the other, in this run. */
  private async runManually(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request, 'Casewright (manual)');
    const closeAll = token.onCancellationRequested(() => this.manual.dispose());
    try {
      for (const { uri, cases } of (await this.collect(request)).values()) {
        for (const item of cases) {
          if (token.isCancellationRequested) return;
          const data = this.tree.get(item);
          if (data.type !== 'case' || data.node.kind !== 'manual') continue;
          run.enqueued(item);
          await this.manual.execute(uri, data.node.id, run);
        }
      }
    } catch (error) {
      run.appendOutput(`Manual execution failed: ${(error as Error).message}\r\n`);
    } finally {
      closeAll.dispose();
      run.end();
    }
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  }

  dispose(): void {
    for (const abort of this.active) abort.abort();
    clearTimeout(this.targetsTimer);
    for (const entry of this.continuous) entry.scheduler.dispose();
    this.continuous.clear();
    for (const profile of this.targetProfiles.values()) profile.dispose();
    for (const d of this.disposables) d.dispose();
  }

  private caseId(item: vscode.TestItem): string {
    const data = this.tree.get(item);
    if (data.type === 'file') throw new Error(`bug: ${item.id} is a file, not a case`);
    return data.node.id;
  }

  private report(run: vscode.TestRun, item: vscode.TestItem, result: CaseResult): void {
    const data = this.tree.get(item);
    if (data.type === 'file') return;
    this.tree.resolveTurns(item); // each turn reports its own part
    const view = toResultView(result, data.node);
    run.appendOutput(view.output.join('\r\n') + '\r\n', undefined, item);
    const messages = view.messages.map((m) => {
      const message =
        m.expected !== undefined && m.actual !== undefined
          ? vscode.TestMessage.diff(m.message, m.expected, m.actual)
          : new vscode.TestMessage(m.message);
      message.location = new vscode.Location(data.uri, toRange(m.range));
      // "Accept actual as expected" / "Update baseline" in the message's context menu (package.json menus).
      if (m.fix) message.contextValue = m.fix.kind === 'accept' ? 'casewright.accept' : 'casewright.baseline';
      return message;
    });
    item.children.forEach((turn) => {
      const t = this.tree.get(turn);
      const lines = t.type === 'turn' ? view.turnOutput.get(t.turn) : undefined;
      if (lines) run.appendOutput(lines.join('\r\n') + '\r\n', undefined, turn);
    });
    const turnOutcome = (fn: (i: vscode.TestItem) => void) => item.children.forEach(fn);
    switch (view.outcome) {
      case 'passed':
        run.passed(item, view.durationMs);
        turnOutcome((t) => run.passed(t));
        break;
      case 'failed':
        run.failed(item, messages, view.durationMs);
        turnOutcome((t) => {
          const turn = this.tree.get(t);
          const own = result.assertions.some((a) => !a.pass && turn.type === 'turn' && (a.turn ?? -1) === turn.turn);
          if (own) run.failed(t, messages);
          else run.passed(t);
        });
        break;
      case 'errored':
        run.errored(item, messages, view.durationMs);
        turnOutcome((t) => run.skipped(t));
        break;
      case 'skipped':
        run.skipped(item);
        turnOutcome((t) => run.skipped(t));
        break;
    }
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-5).join('\n');
}
