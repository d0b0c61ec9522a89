import * as vscode from 'vscode';
import type { learning } from '@casewright/core';

/** One workspace folder's judge queue (`.casewright/judge-queue.jsonl` beside its config). */
export interface FolderQueue {
  folder: vscode.WorkspaceFolder;
  /** The queue file's path. */
  file: string;
  entries: learning.JudgeQueueEntry[];
}

/** An element of the Judge Review view; the Confirm / Override commands receive it. */
export type JudgeNode =
  | { kind: 'folder'; queue: FolderQueue }
  | { kind: 'decided'; queue: FolderQueue }
  | { kind: 'verdict'; queue: FolderQueue; entry: learning.JudgeQueueEntry };

export const JUDGE_QUEUE_GLOB = '**/.casewright/judge-queue.jsonl';
/** The context key that shows the view: some folder has queued judge verdicts (pending or decided). */
const JUDGE_QUEUE_CONTEXT = 'casewright.judgeQueue';

const pendingOf = (q: FolderQueue) => q.entries.filter((e) => !e.decision);
const decidedOf = (q: FolderQueue) => q.entries.filter((e) => !!e.decision);
const word = (pass: boolean) => (pass ? 'pass' : 'fail');

/**
 * The Judge Review view in the Testing container: the judge verdicts each folder's runs queued
 * for a person (near the threshold, or judges disagreeing), with a badge counting the pending
 * ones, and the decided ones under "Decided". It appears once a folder has a queue. It lists the queue files with `findFiles`
 * (no core); only when there is one does it load core to read them (`load`). Refreshed when a
 * queue file changes, after runs and after a decision.
 */
export class JudgeReviewView implements vscode.TreeDataProvider<JudgeNode>, vscode.Disposable {
  private queues: FolderQueue[] = [];
  private loaded: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly changed = new vscode.EventEmitter<JudgeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<JudgeNode>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly load: (folders: vscode.WorkspaceFolder[]) => Promise<FolderQueue[]>,
    private readonly log: { warn(message: string): void },
  ) {
    this.view = vscode.window.createTreeView('casewright.judgeReview', { treeDataProvider: this });
    const watcher = vscode.workspace.createFileSystemWatcher(JUDGE_QUEUE_GLOB);
    const soon = () => this.refreshSoon();
    this.disposables.push(
      this.view,
      this.changed,
      watcher,
      watcher.onDidChange(soon),
      watcher.onDidCreate(soon),
      watcher.onDidDelete(soon),
    );
  }

  /** The pending verdicts, folder by folder (for the commands' pickers). */
  get pending(): Array<{ queue: FolderQueue; entry: learning.JudgeQueueEntry }> {
    return this.queues.flatMap((queue) => pendingOf(queue).map((entry) => ({ queue, entry })));
  }

  /** Reads the queues again and redraws the view and its badge. */
  async refresh(): Promise<void> {
    this.loaded = this.read();
    await this.loaded;
    this.changed.fire(undefined);
  }

  /** A refresh shortly after a burst of file events. */
  refreshSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 300);
  }

  private async read(): Promise<void> {
    try {
      const files = vscode.workspace.isTrusted ? await vscode.workspace.findFiles(JUDGE_QUEUE_GLOB, '**/node_modules/**') : [];
      const folders = [
        ...new Map(
          files.flatMap((f) => {
            const folder = vscode.workspace.getWorkspaceFolder(f);
            return folder ? [[folder.uri.toString(), folder] as const] : [];
          }),
        ).values(),
      ];
      this.queues = folders.length ? (await this.load(folders)).filter((q) => q.entries.length > 0) : [];
    } catch (error) {
      this.log.warn(`judge review: ${error instanceof Error ? error.message : String(error)}`);
      this.queues = [];
    }
    // The view shows in the Testing sidebar only where a run queued something (it takes the Test Explorer's room otherwise).
    void vscode.commands.executeCommand('setContext', JUDGE_QUEUE_CONTEXT, this.queues.length > 0);
    const pending = this.pending.length;
    this.view.badge = pending
      ? { value: pending, tooltip: `${pending} judge verdict${pending === 1 ? '' : 's'} waiting for a person` }
      : undefined;
    this.view.description = this.queues.length ? `${pending} pending` : undefined;
  }

  async getChildren(node?: JudgeNode): Promise<JudgeNode[]> {
    if (!node) {
      await (this.loaded ??= this.read());
      if (this.queues.length === 1) return this.folderChildren(this.queues[0]!);
      return this.queues.map((queue) => ({ kind: 'folder', queue }));
    }
    if (node.kind === 'folder') return this.folderChildren(node.queue);
    if (node.kind === 'decided')
      return decidedOf(node.queue)
        .reverse()
        .map((entry) => ({ kind: 'verdict', queue: node.queue, entry }));
    return [];
  }

  private folderChildren(queue: FolderQueue): JudgeNode[] {
    const nodes: JudgeNode[] = pendingOf(queue).map((entry) => ({ kind: 'verdict', queue, entry }));
    if (decidedOf(queue).length) nodes.push({ kind: 'decided', queue });
    return nodes;
  }

  getTreeItem(node: JudgeNode): vscode.TreeItem {
    const folderId = node.queue.folder.uri.toString();
    if (node.kind === 'folder') {
      const item = new vscode.TreeItem(node.queue.folder.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `${folderId}#folder`;
      item.description = `${pendingOf(node.queue).length} pending`;
      item.iconPath = vscode.ThemeIcon.Folder;
      return item;
    }
    if (node.kind === 'decided') {
      const item = new vscode.TreeItem(`Decided (${decidedOf(node.queue).length})`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `${folderId}#decided`;
      item.tooltip = 'Verdicts a person confirmed or overrode: they count for the judges\u2019 agreement (Casewright: Judge Agreement)';
      return item;
    }
    const { item: v, decision } = node.entry;
    const item = new vscode.TreeItem(v.title, vscode.TreeItemCollapsibleState.None);
    item.id = `${folderId}#${v.id}#${decision ? 'decided' : 'pending'}`;
    const check = v.metric ?? v.check;
    if (decision) {
      item.description = `${decision.decision} → ${word(decision.pass)}${decision.note ? ` · ${decision.note}` : ''}`;
      item.iconPath = new vscode.ThemeIcon(decision.decision === 'overridden' ? 'arrow-swap' : 'check');
      item.contextValue = 'casewright.judgeVerdict.decided';
    } else {
      item.description = `${check} · judges: ${word(v.pass)} ${v.score} / ${v.threshold}`;
      item.iconPath = new vscode.ThemeIcon('law');
      item.contextValue = 'casewright.judgeVerdict.pending';
    }
    item.tooltip = new vscode.MarkdownString(undefined, false);
    item.tooltip.appendText(
      `${v.title}\n${v.file ?? ''} · ${check} · queued: ${v.why.join(', ')}\njudges: ${v.judges.map((j) => `${j.model} ${word(j.pass)} ${j.score}`).join('; ')}`,
    );
    item.command = { command: 'casewright.showJudgeVerdict', title: 'Show the Judge Verdict', arguments: [node] };
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.reverse()) d.dispose();
  }
}
