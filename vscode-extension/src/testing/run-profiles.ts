import * as vscode from 'vscode';
import type { CaseResult } from '@casewright/core';
import type { CaseRunner } from './case-runner.js';
import { toResultView } from './result-messages.js';
import { toRange, type TestTree } from './test-tree.js';
import type { Settings } from '../settings.js';
import type { Logger } from '../logger.js';

export interface RunHooks {
  /** Called with each run's spend, for the status bar. */
  onSpend(usd: number): void;
  onReport(html: string | undefined, results: CaseResult[]): void;
}

/**
 * The Run and Run-with-repeats profiles: collect the requested cases per file, hand them
 * to the runner, and turn each result into the Test Explorer's state and messages.
 * Cancellation aborts the runner; "continuous run" re-runs the watched cases on save.
 */
export class RunProfiles implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly continuous = new Set<{ request: vscode.TestRunRequest; token: vscode.CancellationToken; repeat: boolean }>();

  constructor(
    private readonly controller: vscode.TestController,
    private readonly tree: TestTree,
    private readonly runner: CaseRunner,
    private readonly settings: Settings,
    private readonly log: Logger,
    private readonly hooks: RunHooks,
  ) {
    const run = controller.createRunProfile(
      'Run',
      vscode.TestRunProfileKind.Run,
      (r, t) => this.handle(r, t, false),
      true,
      undefined,
      true,
    );
    const repeats = controller.createRunProfile(
      'Run with repeats',
      vscode.TestRunProfileKind.Run,
      (r, t) => this.handle(r, t, true),
      false,
      undefined,
      true,
    );
    this.disposables.push(
      run,
      repeats,
      vscode.workspace.onDidSaveTextDocument((doc) => this.onSave(doc.uri)),
    );
  }

  /** Runs given items now (CodeLens "Run"); resolves when the run ends. */
  async runItems(items: vscode.TestItem[]): Promise<void> {
    const source = new vscode.CancellationTokenSource();
    try {
      await this.execute(new vscode.TestRunRequest(items), source.token, false);
    } finally {
      source.dispose();
    }
  }

  private async handle(request: vscode.TestRunRequest, token: vscode.CancellationToken, repeat: boolean): Promise<void> {
    if (request.continuous) {
      const entry = { request, token, repeat };
      this.continuous.add(entry);
      token.onCancellationRequested(() => this.continuous.delete(entry));
      return;
    }
    await this.execute(request, token, repeat);
  }

  private onSave(uri: vscode.Uri): void {
    for (const entry of this.continuous) {
      const include = entry.request.include;
      const items = include
        ? include.filter((item) => item.uri?.toString() === uri.toString())
        : [this.tree.fileItem(uri)].filter((i): i is vscode.TestItem => i !== undefined);
      if (items.length === 0) continue;
      const request = new vscode.TestRunRequest(items, entry.request.exclude, entry.request.profile, true);
      void this.execute(request, entry.token, entry.repeat);
    }
  }

  private collect(request: vscode.TestRunRequest): Map<string, { uri: vscode.Uri; cases: vscode.TestItem[] }> {
    const byFile = new Map<string, { uri: vscode.Uri; cases: vscode.TestItem[] }>();
    const excluded = new Set(request.exclude ?? []);
    const add = (item: vscode.TestItem) => {
      if (excluded.has(item)) return;
      const data = this.tree.get(item);
      if (data.type === 'file') {
        item.children.forEach(add);
        return;
      }
      // A turn runs its whole conversation: later turns need the earlier answers.
      const caseItem = data.type === 'turn' ? item.parent : item;
      if (!caseItem) return;
      const key = data.uri.toString();
      const entry = byFile.get(key) ?? { uri: data.uri, cases: [] };
      if (!entry.cases.includes(caseItem)) entry.cases.push(caseItem);
      byFile.set(key, entry);
    };
    if (request.include) request.include.forEach(add);
    else this.controller.items.forEach(add);
    return byFile;
  }

  private async execute(request: vscode.TestRunRequest, token: vscode.CancellationToken, repeat: boolean): Promise<void> {
    const run = this.controller.createTestRun(request, repeat ? 'Casewright (repeats)' : 'Casewright');
    const abort = new AbortController();
    const cancel = token.onCancellationRequested(() => abort.abort());
    const results: CaseResult[] = [];
    try {
      // Results are placed at assertion lines, which only a full parse knows.
      for (const uri of new Set([...this.collect(request).values()].map((f) => f.uri))) await this.tree.ensureParsed(uri);
      const byFile = this.collect(request);
      const conversation: { uri: vscode.Uri; cases: vscode.TestItem[] }[] = [];
      for (const { uri, cases } of byFile.values()) {
        const runnable: vscode.TestItem[] = [];
        for (const item of cases) {
          const data = this.tree.get(item);
          if (data.type === 'case' && data.node.kind === 'manual') {
            run.skipped(item);
            run.appendOutput(`- ${item.label}: manual case — use "Execute manually" above the case\r\n`, undefined, item);
          } else {
            run.enqueued(item);
            item.children.forEach((child) => run.enqueued(child));
            runnable.push(item);
          }
        }
        if (runnable.length > 0) conversation.push({ uri, cases: runnable });
      }
      if (conversation.length === 0) return;
      const items = new Map<string, vscode.TestItem>();
      for (const { cases } of conversation) for (const item of cases) items.set(item.id, item);
      const folder = vscode.workspace.getWorkspaceFolder(conversation[0]!.uri);
      const cwd = folder?.uri.fsPath ?? process.cwd();
      for (const item of items.values()) run.started(item);
      const settings = this.settings.read();
      this.log.info(
        `run: ${items.size} case(s) in ${conversation.length} file(s)${repeat ? ` × ${settings.repeats}` : ''}, target ${settings.target || '(config / suite default)'}`,
      );
      const summary = await this.runner.run({
        files: conversation.map((c) => c.uri.fsPath),
        caseIds: new Set(conversation.flatMap((c) => c.cases.map((i) => this.caseId(i)))),
        target: settings.target || undefined,
        repeat: repeat ? settings.repeats : 1,
        concurrency: settings.concurrency,
        cwd,
        configFile: settings.configFile || undefined,
        signal: abort.signal,
        onCaseStarted: (file, caseId) => {
          const item = items.get(`${vscode.Uri.file(file).toString()}#${caseId.toLowerCase()}`);
          if (item) run.started(item);
        },
        onCaseResult: (file, result) => {
          results.push(result);
          const item = items.get(`${vscode.Uri.file(file).toString()}#${result.caseId.toLowerCase()}`);
          if (item) this.report(run, item, result);
        },
      });
      this.hooks.onSpend(summary.cost);
      this.hooks.onReport(summary.reportHtml, results);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log.error(`run failed: ${message}`);
      run.appendOutput(`Run failed: ${message}\r\n`);
      for (const { cases } of this.collect(request).values()) {
        for (const item of cases)
          if (!results.some((r) => this.caseId(item) === r.caseId.toLowerCase())) run.errored(item, new vscode.TestMessage(message));
      }
    } finally {
      cancel.dispose();
      run.end();
    }
  }

  dispose(): void {
    this.continuous.clear();
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
    const view = toResultView(result, data.node);
    run.appendOutput(view.output.join('\r\n') + '\r\n', undefined, item);
    const messages = view.messages.map((m) => {
      const message =
        m.expected !== undefined && m.actual !== undefined
          ? vscode.TestMessage.diff(m.message, m.expected, m.actual)
          : new vscode.TestMessage(m.message);
      message.location = new vscode.Location(data.uri, toRange(m.range));
      return message;
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
