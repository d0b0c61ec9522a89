import * as vscode from 'vscode';
import type { CaseResult, JiraClient, ManualCase, executions as Executions } from '@casewright/core';
import { loadCore } from '../core-loader.js';
import { manualStepperHtml } from '../webviews/manual-stepper-html.js';
import type { SubmittedStep } from '../webviews/manual-result.js';
import type { TestTree } from './test-tree.js';
import { appendManualResult } from './manual-results-file.js';
import type { Logger } from '../logger.js';

type FiledDefect = Executions.FiledDefect;

export interface ManualExecutionDeps {
  controller: vscode.TestController;
  tree: TestTree;
  log: Logger;
  /** Where drafts of unfinished executions are kept (they survive closing the stepper and reloading). */
  state: vscode.Memento;
  /** The Jira client of the case file's workspace; throws the setup hint (JIRA_SETUP_HINT) when Jira is not set up. */
  jira(uri: vscode.Uri): Promise<JiraClient>;
  /** A result was recorded (written to `.casewright/manual-results.jsonl` and the Test Explorer). */
  onRecorded(result: CaseResult): void;
}

const draftKey = (uri: vscode.Uri, caseId: string) => `casewright.manualDraft/${uri.toString()}#${caseId.toLowerCase()}`;

async function readManualCase(uri: vscode.Uri, caseId: string): Promise<{ testCase: ManualCase; story: string | undefined }> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const { parseCaseFile } = await loadCore();
  const shown = vscode.workspace.asRelativePath(uri);
  const parsed = parseCaseFile(doc.getText(), shown);
  if (!parsed.suite) throw new Error(`${shown} has errors; fix them (see Problems) before executing a case`);
  const found = parsed.suite.cases.find((c) => c.id.toLowerCase() === caseId.toLowerCase());
  if (!found) throw new Error(`no case ${caseId} in ${shown}`);
  if (found.kind !== 'manual') throw new Error(`"${found.title}" is a conversation case; run it from the Testing view`);
  return { testCase: found, story: parsed.suite.story };
}

/**
 * Manual execution: the stepper webview for a manual case, one panel per case. Answers are
 * kept while the tab is hidden (webview state) and as a draft in the workspace state until the
 * result is recorded; the result goes to the Test Explorer (in the run that asked for it) and
 * to `.casewright/manual-results.jsonl` of the case's folder. A FAIL offers to file a Jira bug
 * (one open bug per case: a later failure comments on it).
 */
export class ManualExecutions implements vscode.Disposable {
  private readonly open = new Map<string, { panel: vscode.WebviewPanel; done: Promise<CaseResult | undefined> }>();

  constructor(private readonly deps: ManualExecutionDeps) {}

  /**
   * Opens (or reveals) the stepper for a case and resolves with the recorded result, or
   * undefined when the stepper was closed first. Reports into `run` when given, else into a
   * run of its own.
   */
  async execute(uri: vscode.Uri, caseId: string, run?: vscode.TestRun): Promise<CaseResult | undefined> {
    const key = draftKey(uri, caseId);
    const already = this.open.get(key);
    if (already) {
      already.panel.reveal();
      return already.done;
    }
    const { testCase, story } = await readManualCase(uri, caseId);
    const startedAt = new Date();
    const panel = vscode.window.createWebviewPanel('casewright.manual', `Execute: ${testCase.title}`, vscode.ViewColumn.Beside, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [],
    });
    panel.webview.html = manualStepperHtml(testCase, panel.webview.cspSource, this.deps.state.get<SubmittedStep[]>(key, []));
    const item = this.deps.tree.caseItem(uri, caseId);
    const own = run
      ? undefined
      : item && this.deps.controller.createTestRun(new vscode.TestRunRequest([item]), `Manual: ${testCase.title}`, false);
    const target = run ?? own;
    if (item) target?.started(item);
    let recorded = false;
    const done = new Promise<CaseResult | undefined>((resolve) => {
      panel.onDidDispose(() => {
        this.open.delete(key);
        if (!recorded) {
          if (item && target) {
            target.skipped(item);
            target.appendOutput(`${testCase.title}: closed without a result; the answers so far are kept as a draft\r\n`, undefined, item);
          }
          own?.end();
          resolve(undefined);
        }
      });
      panel.webview.onDidReceiveMessage(async (message: { type?: string; steps?: SubmittedStep[] }) => {
        if (!Array.isArray(message.steps)) return;
        if (message.type === 'draft') {
          await this.deps.state.update(key, message.steps);
          return;
        }
        if (message.type !== 'submit') return;
        const { manualCaseResult } = await import('../webviews/manual-result.js');
        let result: CaseResult;
        try {
          result = manualCaseResult(testCase, message.steps, vscode.workspace.asRelativePath(uri), startedAt);
        } catch (error) {
          void vscode.window.showWarningMessage(`Casewright: ${(error as Error).message}`);
          return;
        }
        recorded = true;
        if (item && target) report(target, item, uri, result);
        own?.end();
        await this.record(uri, key, result);
        panel.dispose();
        resolve(result);
        const recording = this.recordOnJira(uri, testCase, story, result);
        void this.followUp(uri, testCase, story, result, recording);
      });
    });
    this.open.set(key, { panel, done });
    return done;
  }

  private async record(uri: vscode.Uri, key: string, result: CaseResult): Promise<void> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (folder) await appendManualResult(folder.uri.fsPath, result);
    await this.deps.state.update(key, undefined);
    this.deps.log.info(`manual: ${result.title} → ${result.outcome}`);
    this.deps.onRecorded(result);
  }

  /**
   * With Jira set up, the execution goes to the case's history and the story's summary (core's
   * recordExecution). Never rejects: a bug filed after it is filed either way.
   */
  private async recordOnJira(uri: vscode.Uri, testCase: ManualCase, story: string | undefined, result: CaseResult): Promise<void> {
    const { JIRA_SETUP_HINT } = await import('../commands/workspaces.js');
    let jira: JiraClient;
    try {
      jira = await this.deps.jira(uri);
    } catch (error) {
      if ((error as Error).message !== JIRA_SETUP_HINT) this.deps.log.warn(`manual: not recorded on Jira: ${(error as Error).message}`);
      return;
    }
    try {
      const { executions } = await loadCore();
      const execution = executions.manualExecution(result, { jiraKey: testCase.jira?.key, story });
      const recorded = await executions.recordExecution({ jira: async () => jira, config: {} }, execution);
      this.deps.log.info(
        recorded.recorded.length
          ? `manual: execution ${execution.id} recorded on ${recorded.recorded.join(', ')}${recorded.stories.length ? ` and ${recorded.stories.join(', ')}` : ''}`
          : `manual: ${result.title} has no Jira issue; its execution stays local (Push Cases to Jira gives it one)`,
      );
    } catch (error) {
      this.deps.log.warn(`manual: the execution was not recorded on Jira: ${(error as Error).message}`);
    }
  }

  private async followUp(
    uri: vscode.Uri,
    testCase: ManualCase,
    story: string | undefined,
    result: CaseResult,
    recording: Promise<void>,
  ): Promise<void> {
    if (result.outcome !== 'failed') {
      void vscode.window.showInformationMessage(
        `Casewright: "${testCase.title}" ${result.outcome === 'passed' ? 'passed' : 'is blocked'}.`,
      );
      return;
    }
    const choice = await vscode.window.showWarningMessage(`Casewright: "${testCase.title}" failed.`, 'File a Jira bug');
    if (choice !== 'File a Jira bug') return;
    try {
      const filed = await this.fileBug(uri, testCase, story, result, recording);
      if (!filed) return;
      const what = filed.created ? `filed ${filed.key}` : `added the failure to ${filed.key}, the case's open bug`;
      const files = filed.attachments.length ? `, attached ${filed.attachments.join(', ')}` : '';
      if (filed.attachmentError)
        void vscode.window.showWarningMessage(`Casewright: ${what} (could not attach the files: ${filed.attachmentError}).`);
      else void vscode.window.showInformationMessage(`Casewright: ${what}${files}.`);
    } catch (error) {
      void vscode.window.showErrorMessage(`Casewright: could not file the bug: ${(error as Error).message}`);
    }
  }

  /**
   * Files the bug through core's defect job (`executions.fileDefectForCase`, the one of `run
   * --file-defects`): once the execution is recorded, the bug of this execution's case — steps
   * table with each step's result and notes, expected, actual, the execution line, the
   * execution JSON attached; one open bug per case, a later failure comments on it.
   */
  private async fileBug(
    uri: vscode.Uri,
    testCase: ManualCase,
    story: string | undefined,
    result: CaseResult,
    recording: Promise<void>,
  ): Promise<FiledDefect | undefined> {
    const { JIRA_SETUP_HINT } = await import('../commands/workspaces.js');
    let jira: JiraClient;
    try {
      jira = await this.deps.jira(uri);
    } catch (error) {
      if ((error as Error).message !== JIRA_SETUP_HINT) throw error;
      void vscode.window.showWarningMessage(
        'Casewright: set casewright.jira.site, casewright.jira.email and the jira key (Set Provider API Key) to file bugs.',
      );
      return undefined;
    }
    await recording;
    const { executions } = await loadCore();
    // The same execution (same id) recordOnJira stored: the bug names it and attaches it.
    const execution = executions.manualExecution(result, { jiraKey: testCase.jira?.key, story });
    return executions.fileDefectForCase({ jira: async () => jira, config: {} }, execution, result.caseId, { testCase, result });
  }

  dispose(): void {
    for (const { panel } of this.open.values()) panel.dispose();
  }
}

/** The result in the Test Explorer: the outcome, the step notes as output, a failure message at the case. */
function report(run: vscode.TestRun, item: vscode.TestItem, uri: vscode.Uri, result: CaseResult): void {
  const notes = (result.steps ?? []).map((s) => `${s.index}. ${s.status}${s.actual ? ` — ${s.actual}` : ''}`).join('\n');
  if (result.outcome === 'passed') run.passed(item, result.durationMs);
  else if (result.outcome === 'failed') {
    const message = new vscode.TestMessage(`manual execution failed\n${notes}`);
    message.location = new vscode.Location(uri, item.range ?? new vscode.Range(0, 0, 0, 0));
    run.failed(item, message, result.durationMs);
  } else run.skipped(item);
  run.appendOutput(
    `${result.title}: ${result.outcome}${result.skipReason ? ` (${result.skipReason})` : ''}\r\n${notes.replace(/\n/g, '\r\n')}\r\n`,
    undefined,
    item,
  );
}
