import * as vscode from 'vscode';
import { adf, parseCaseFile, projectKeyOf, type CaseResult, type ManualCase } from '@casewright/core';
import { manualStepperHtml } from '../webviews/manual-stepper-html.js';
import { bugReport, manualCaseResult, type SubmittedStep } from '../webviews/manual-result.js';
import type { TestTree } from '../testing/test-tree.js';
import type { Logger } from '../logger.js';
import type { JiraClient } from '@casewright/core';
import { JIRA_SETUP_HINT } from './workspaces.js';

export interface ManualExecutionDeps {
  controller: vscode.TestController;
  tree: TestTree;
  log: Logger;
  /** The Jira client of the case file's workspace; throws the setup hint when Jira is not set up. */
  jira(uri: vscode.Uri): Promise<JiraClient>;
  onResult(result: CaseResult): void;
}

async function readManualCase(uri: vscode.Uri, caseId: string): Promise<ManualCase> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const parsed = parseCaseFile(doc.getText(), vscode.workspace.asRelativePath(uri));
  if (!parsed.suite) throw new Error(`${vscode.workspace.asRelativePath(uri)} has errors; fix them (see Problems) before executing a case`);
  const found = parsed.suite.cases.find((c) => c.id.toLowerCase() === caseId.toLowerCase());
  if (!found) throw new Error(`no case ${caseId} in ${vscode.workspace.asRelativePath(uri)}`);
  if (found.kind !== 'manual') throw new Error(`"${found.title}" is a conversation case; run it from the Testing view`);
  return found;
}

/** Files a Jira bug with the steps and notes, in the project of the case's story. */
async function fileBug(
  deps: ManualExecutionDeps,
  uri: vscode.Uri,
  testCase: ManualCase,
  result: CaseResult,
  story: string | undefined,
): Promise<string | undefined> {
  let jira: JiraClient;
  try {
    jira = await deps.jira(uri);
  } catch (error) {
    if ((error as Error).message !== JIRA_SETUP_HINT) throw error;
    void vscode.window.showWarningMessage(
      'Casewright: set casewright.jira.site, casewright.jira.email and the jira key (Set Provider API Key) to file bugs.',
    );
    return undefined;
  }
  const reference = testCase.jira?.key ?? story;
  if (!reference) throw new Error('the case has no Jira story to take the project from');
  const { summary, description } = bugReport(testCase, result);
  // Jira Cloud REST v3 takes descriptions as Atlassian Document Format (one paragraph per line).
  const created = await jira.createIssue({
    project: { key: projectKeyOf(reference) },
    summary,
    issuetype: { name: 'Bug' },
    description: adf.doc(description.split('\n').map((line) => adf.p(line))),
  });
  return created.key;
}

/** Execute manually: the stepper webview; the outcome goes to the Test Explorer and the run log. */
export async function executeManually(deps: ManualExecutionDeps, uri: vscode.Uri, caseId: string): Promise<void> {
  const testCase = await readManualCase(uri, caseId);
  const story = parseCaseFile((await vscode.workspace.openTextDocument(uri)).getText(), uri.fsPath).suite?.story;
  const startedAt = new Date();
  const panel = vscode.window.createWebviewPanel('casewright.manual', `Execute: ${testCase.title}`, vscode.ViewColumn.Beside, {
    enableScripts: true,
  });
  panel.webview.html = manualStepperHtml(testCase, panel.webview.cspSource);
  panel.webview.onDidReceiveMessage(async (message: { type?: string; steps?: SubmittedStep[] }) => {
    if (message.type !== 'submit' || !Array.isArray(message.steps)) return;
    let result: CaseResult;
    try {
      result = manualCaseResult(testCase, message.steps, vscode.workspace.asRelativePath(uri), startedAt);
    } catch (error) {
      void vscode.window.showWarningMessage(`Casewright: ${(error as Error).message}`);
      return;
    }
    const item = deps.tree.caseItem(uri, caseId);
    if (item) {
      const run = deps.controller.createTestRun(new vscode.TestRunRequest([item]), `Manual: ${testCase.title}`, false);
      const notes = (result.steps ?? []).map((s) => `${s.index}. ${s.status}${s.actual ? ` — ${s.actual}` : ''}`).join('\n');
      if (result.outcome === 'passed') run.passed(item, result.durationMs);
      else if (result.outcome === 'failed')
        run.failed(
          item,
          Object.assign(new vscode.TestMessage(`manual execution failed\n${notes}`), {
            location: new vscode.Location(uri, item.range ?? new vscode.Range(0, 0, 0, 0)),
          }),
          result.durationMs,
        );
      else run.skipped(item);
      run.appendOutput(`${testCase.title}: ${result.outcome}\r\n${notes.replace(/\n/g, '\r\n')}\r\n`, undefined, item);
      run.end();
    }
    deps.onResult(result);
    deps.log.info(`manual: ${testCase.title} → ${result.outcome}`);
    panel.dispose();
    if (result.outcome === 'failed') {
      const choice = await vscode.window.showWarningMessage(`Casewright: "${testCase.title}" failed.`, 'File a Jira bug');
      if (choice === 'File a Jira bug') {
        try {
          const key = await fileBug(deps, uri, testCase, result, story);
          if (key) void vscode.window.showInformationMessage(`Casewright: filed ${key}.`);
        } catch (error) {
          void vscode.window.showErrorMessage(`Casewright: could not file the bug: ${(error as Error).message}`);
        }
      }
    } else {
      void vscode.window.showInformationMessage(
        `Casewright: "${testCase.title}" ${result.outcome === 'passed' ? 'passed' : 'is blocked'}.`,
      );
    }
  });
}
