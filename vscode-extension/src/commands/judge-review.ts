import * as vscode from 'vscode';
import path from 'node:path';
import { learning } from '@casewright/core';
import type { FolderQueue, JudgeNode, JudgeReviewView } from '../judge-review-view.js';
import type { TestTree } from '../testing/test-tree.js';
import { reviewer } from './review-commands.js';
import { folderWorkspace, type WorkspaceDeps } from './workspaces.js';

export interface JudgeReviewDeps extends WorkspaceDeps {
  tree: TestTree;
  controller: vscode.TestController;
  judgeView: JudgeReviewView;
}

const word = (pass: boolean) => (pass ? 'pass' : 'fail');

/** The queues of these folders through core's `listJudgeQueue` (lines it cannot read go to the log). */
export async function loadJudgeQueues(deps: WorkspaceDeps, folders: readonly vscode.WorkspaceFolder[]): Promise<FolderQueue[]> {
  const queues: FolderQueue[] = [];
  for (const folder of folders) {
    const ws = await folderWorkspace(deps, folder.uri);
    const queue = await learning.listJudgeQueue(ws);
    for (const w of queue.warnings) deps.log.warn(`judge review: ${w}`);
    queues.push({ folder, file: queue.file, entries: queue.entries });
  }
  return queues;
}

/**
 * The read-only documents of the Judge Review: a queued verdict (`casewright-judge:/<id> <title>.txt`)
 * as `casewright judge-queue` shows it, with the whole answer; and the judges' agreement
 * (`casewright-judge:/Judge Agreement.txt`). Read from the queue file each time they are shown.
 */
export class JudgeDocuments implements vscode.TextDocumentContentProvider {
  static readonly scheme = 'casewright-judge';
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly open = new Set<string>();

  constructor(private readonly deps: WorkspaceDeps) {}

  static verdictUri(node: Extract<JudgeNode, { kind: 'verdict' }>): vscode.Uri {
    const title = node.entry.item.title.replace(/[\\/#?%\r\n]+/g, ' ').slice(0, 60);
    return vscode.Uri.from({
      scheme: JudgeDocuments.scheme,
      path: `/${node.entry.item.id} ${title}.txt`,
      query: new URLSearchParams({ folder: node.queue.folder.uri.toString(), id: node.entry.item.id }).toString(),
    });
  }

  static readonly agreementUri = vscode.Uri.from({ scheme: JudgeDocuments.scheme, path: '/Judge Agreement.txt' });

  /** Shown documents are read again (after a decision). */
  refresh(): void {
    for (const uri of this.open) this.changed.fire(vscode.Uri.parse(uri));
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    this.open.add(uri.toString());
    if (uri.path === JudgeDocuments.agreementUri.path) return this.agreement();
    const query = new URLSearchParams(uri.query);
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(query.get('folder') ?? ''));
    if (!folder) return 'The workspace folder of this verdict is no longer open.';
    const ws = await folderWorkspace(this.deps, folder.uri);
    const queue = await learning.listJudgeQueue(ws);
    const entry = queue.entries.find((e) => e.item.id === query.get('id'));
    if (!entry) return `No queued judge verdict ${query.get('id')} in ${ws.shown(queue.file)}.`;
    const { item, decision } = entry;
    const other = word(!item.pass);
    return [
      `Judge verdict for a person to check (${ws.shown(queue.file)})`,
      '',
      learning.formatQueuedVerdict(item, decision, { answerChars: Number.POSITIVE_INFINITY }),
      '',
      decision
        ? `Decided: ${decision.decision}${decision.by ? ` by ${decision.by}` : ''} at ${decision.at};\nthe person's verdict on this check is ${word(decision.pass)}. Deciding again replaces it.`
        : `Confirm: the judges are right (${word(item.pass)}).\nOverride: it is a ${other}; the case's outcome in .casewright/last-run.json follows.`,
      'Confirm (✓) / Override (⇄) on the row of the Judge Review view (Testing),\nor "Casewright: Confirm Judge Verdict" / "Casewright: Override Judge Verdict".',
      '',
    ].join('\n');
  }

  /** Cohen's kappa with the confusion matrix of each judge model, per folder with a queue. */
  private async agreement(): Promise<string> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const parts: string[] = [];
    for (const folder of folders) {
      const ws = await folderWorkspace(this.deps, folder.uri);
      const report = await learning.judgeAgreementReport(ws);
      if (report.decided + report.pending === 0 && folders.length > 1) continue;
      parts.push(
        `${folders.length > 1 ? `${folder.name}: ` : ''}agreement of each judge model with people (Cohen's kappa; rows: judge, columns: person)`,
        '',
        ...learning.formatJudgeAgreement(report, 'the Judge Review view (Testing)'),
        '',
      );
    }
    return parts.length ? parts.join('\n') : 'No judge verdicts queued in this workspace yet: a run queues them.\n';
  }
}

/** Opens a queued verdict as a read-only document beside the view. */
export async function showJudgeVerdict(docs: JudgeDocuments, node?: JudgeNode): Promise<void> {
  if (node?.kind !== 'verdict') throw new Error('pick a verdict in the Judge Review view (Testing)');
  docs.refresh();
  const doc = await vscode.workspace.openTextDocument(JudgeDocuments.verdictUri(node));
  await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: true });
}

/** "Casewright: Judge Agreement": the agreement document. */
export async function showJudgeAgreement(docs: JudgeDocuments): Promise<void> {
  docs.refresh();
  const doc = await vscode.workspace.openTextDocument(JudgeDocuments.agreementUri);
  await vscode.window.showTextDocument(doc, { preview: false });
}

/**
 * Confirm / Override a queued verdict (the view's inline actions; from the palette, a picker of
 * the pending ones), with an optional note, through core's `decideJudgeVerdict`. An override
 * becomes the case's recorded outcome (core rewrites `.casewright/last-run.json`); the Test
 * Explorer then shows the case with that outcome, and the view moves the verdict under Decided.
 */
export async function decideJudgeVerdict(
  deps: JudgeReviewDeps,
  docs: JudgeDocuments,
  decision: 'confirmed' | 'overridden',
  node?: JudgeNode,
): Promise<string | undefined> {
  let target = node?.kind === 'verdict' ? node : undefined;
  if (!target) {
    await deps.judgeView.refresh();
    const pending = deps.judgeView.pending;
    if (pending.length === 0) {
      void vscode.window.showInformationMessage('Casewright: no judge verdicts are waiting for a person.');
      return undefined;
    }
    const pick = await vscode.window.showQuickPick(
      pending.map((p) => ({
        label: p.entry.item.title,
        description: `${p.entry.item.metric ?? p.entry.item.check} · judges: ${word(p.entry.item.pass)} ${p.entry.item.score} / ${p.entry.item.threshold}`,
        detail: `${p.queue.folder.name} · ${p.entry.item.file ?? ''} · ${p.entry.item.id}`,
        node: { kind: 'verdict' as const, ...p },
      })),
      { title: `Casewright: ${decision === 'confirmed' ? 'confirm' : 'override'} which judge verdict?`, ignoreFocusOut: true },
    );
    if (!pick) return undefined;
    target = pick.node;
  }
  const { item } = target.entry;
  const verdict = word(decision === 'confirmed' ? item.pass : !item.pass);
  const note = await vscode.window.showInputBox({
    title: `Casewright: ${decision === 'confirmed' ? 'confirm' : 'override'} "${item.title}": it is a ${verdict}`,
    prompt: 'Why? A note for the team, optional; shown to the judge as calibration (Enter: none; Escape: decide nothing)',
    ignoreFocusOut: true,
  });
  if (note === undefined) return undefined;
  const ws = await folderWorkspace(deps, target.queue.folder.uri);
  const done = await learning.decideJudgeVerdict(ws, { id: item.id, decision, note, by: reviewer() });
  await deps.judgeView.refresh();
  docs.refresh();
  let outcome = '';
  if (done.lastRun?.applied) {
    outcome = `; the case is now ${done.lastRun.outcome} in .casewright/last-run.json`;
    await showOverride(deps, ws.resolve(item.file ?? ''), item, done.lastRun.outcome, done.decision);
  } else if (done.lastRun) outcome = `; the outcome is unchanged: ${done.lastRun.why}`;
  const message = `"${item.title}": ${decision} (${verdict}); recorded in ${ws.shown(path.join(ws.configDir, learning.JUDGE_QUEUE_FILE))}${outcome}`;
  deps.log.info(`judge review: ${message}`);
  void vscode.window.showInformationMessage(`Casewright: ${message}.`);
  return message;
}

/** The Test Explorer shows the overridden case with its new outcome, saying why. */
async function showOverride(
  deps: JudgeReviewDeps,
  file: string,
  item: learning.JudgeQueueEntry['item'],
  outcome: string,
  decision: { pass: boolean; note?: string | undefined; by?: string | undefined },
): Promise<void> {
  const uri = vscode.Uri.file(file);
  await deps.tree.resolveFile(uri);
  const test = deps.tree.caseItem(uri, item.caseId);
  if (!test) return;
  const why = `${item.metric ?? item.check}: overridden${decision.by ? ` by ${decision.by}` : ''} in the judge review: ${word(decision.pass)} (the judges said ${word(item.pass)})${decision.note ? ` — ${decision.note}` : ''}`;
  const run = deps.controller.createTestRun(new vscode.TestRunRequest([test]), 'Casewright (judge review)', false);
  run.appendOutput(`${why}\r\n`, undefined, test);
  if (outcome === 'passed') run.passed(test);
  else if (outcome === 'failed') run.failed(test, new vscode.TestMessage(why));
  else if (outcome === 'skipped') run.skipped(test);
  else run.errored(test, new vscode.TestMessage(`${why} (outcome: ${outcome})`));
  run.end();
}
