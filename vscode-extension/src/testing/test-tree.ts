import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import type { CaseNode, FileNode, LineRange } from './case-tree.js';
import { CASE_FILE_EXCLUDE, CASE_FILE_SUFFIX, isWorkspaceCaseFile } from './case-files.js';
import { parseFileTree, scanFileTree } from './file-tree.js';

export type ItemData =
  | { type: 'file'; uri: vscode.Uri }
  | { type: 'case'; uri: vscode.Uri; node: CaseNode }
  | { type: 'turn'; uri: vscode.Uri; node: CaseNode; turn: number };

export function toRange(r: LineRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
}

/** Whether a URI is one of the workspace's case files (never a `git:` view of one, nor a file under `dist/`). */
export function isCaseFile(uri: vscode.Uri): boolean {
  return isWorkspaceCaseFile(uri, vscode.workspace.getWorkspaceFolder(uri) !== undefined);
}

/**
 * The test tags of a case: `priority:high`, `category:negative`, one per tag (`tag:smoke`), and
 * `kind:manual` for manual cases (conversation cases are the rest: `!@casewright:kind:manual`).
 */
export function caseTagIds(node: Pick<CaseNode, 'priority' | 'kind' | 'category' | 'tags'>): string[] {
  const ids = [`priority:${node.priority}`, `category:${node.category}`, ...node.tags.map((t) => `tag:${t}`)];
  return node.kind === 'manual' ? ['kind:manual', ...ids] : ids;
}

/**
 * Keeps the TestController's tree equal to the case files of the workspace, lazily: discovery
 * lists the files (one item each, `canResolveChildren`), and a file's cases (and the turns of
 * multi-turn conversations) are read only when the file is expanded, opened or run — a line
 * scan when it can, the full parse when the scan declines or a run needs assertion lines.
 * There is no background sweep of every file. Created, changed, renamed and deleted files
 * update the tree through a watcher; open editors update it as the user types.
 * Domain data hangs off items in a WeakMap.
 */
export class TestTree implements vscode.Disposable {
  private readonly data = new WeakMap<vscode.TestItem, ItemData>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Files whose cases are loaded, and how: from the line scan or the full parse. */
  private readonly loaded = new Map<string, 'scan' | 'parse'>();
  private readonly tagCache = new Map<string, vscode.TestTag>();
  private readonly typing = new Map<string, ReturnType<typeof setTimeout>>();
  /** Where the last discovery spent its time (for the activation figures). */
  readonly lastDiscovery = { findMs: 0, itemsMs: 0 };
  /** Where resolving files has spent its time so far: reading, scanning or parsing, creating items (for the bench). */
  readonly resolveTimes = { readMs: 0, treeMs: 0, itemsMs: 0, replaceMs: 0 };
  /** Fires after a file's items were rebuilt (for CodeLens). */
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly controller: vscode.TestController) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/*${CASE_FILE_SUFFIX}`);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => {
        if (isCaseFile(uri)) this.fileItem(uri, true);
      }),
      watcher.onDidChange((uri) => {
        // An open editor is the truth while it is open (it may hold unsaved edits); an
        // unexpanded file has nothing to refresh.
        if (this.loaded.has(uri.toString()) && !this.openDocument(uri)) void this.resolveFile(uri);
      }),
      watcher.onDidDelete((uri) => this.remove(uri)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (!isCaseFile(e.document.uri)) return;
        // Debounced: a big file is not re-parsed on every keystroke.
        const key = e.document.uri.toString();
        clearTimeout(this.typing.get(key));
        this.typing.set(
          key,
          setTimeout(() => {
            this.typing.delete(key);
            void this.resolveFile(e.document.uri);
          }, 150),
        );
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (isCaseFile(d.uri)) void this.resolveFile(d.uri);
      }),
      this.changed,
    );
    controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
      else if (this.get(item).type === 'file' && item.uri) await this.resolveFile(item.uri);
      else this.resolveTurns(item);
    };
    controller.refreshHandler = async () => {
      await this.discover();
      await Promise.all([...this.loaded.keys()].map((key) => this.resolveFile(vscode.Uri.parse(key))));
    };
  }

  /** The item's domain data; a missing entry is a bug in the tree, not a user error. */
  get(item: vscode.TestItem): ItemData {
    const data = this.data.get(item);
    if (!data) throw new Error(`bug: test item ${item.id} has no Casewright data`);
    return data;
  }

  fileItem(uri: vscode.Uri, create = false): vscode.TestItem | undefined {
    const existing = this.controller.items.get(uri.toString());
    if (existing || !create) return existing;
    const item = this.controller.createTestItem(uri.toString(), basename(uri), uri);
    item.canResolveChildren = true;
    item.tags = [];
    item.description = vscode.workspace.asRelativePath(uri, false).replace(/\/?[^/]*$/, '') || undefined;
    this.data.set(item, { type: 'file', uri });
    this.controller.items.add(item);
    return item;
  }

  caseItem(uri: vscode.Uri, caseId: string): vscode.TestItem | undefined {
    return this.fileItem(uri)?.children.get(`${uri.toString()}#${caseId.toLowerCase()}`);
  }

  /** Every file item (loaded or not). */
  fileItems(): vscode.TestItem[] {
    const items: vscode.TestItem[] = [];
    this.controller.items.forEach((item) => items.push(item));
    return items;
  }

  /**
   * Lists every case file of the workspace as a file item; resolves when the list is complete.
   * Reads no file: a file's cases are read when it is expanded, opened or run. Files already
   * open in an editor are read from their text at once.
   */
  async discover(): Promise<number> {
    const started = performance.now();
    const uris = (await vscode.workspace.findFiles(`**/*${CASE_FILE_SUFFIX}`, CASE_FILE_EXCLUDE)).filter(isCaseFile);
    this.lastDiscovery.findMs = performance.now() - started;
    const keep = new Set(uris.map((u) => u.toString()));
    this.controller.items.forEach((item) => {
      if (!keep.has(item.id)) this.remove(item.uri!);
    });
    for (const uri of uris) this.fileItem(uri, true);
    this.lastDiscovery.itemsMs = performance.now() - started - this.lastDiscovery.findMs;
    for (const doc of vscode.workspace.textDocuments) if (isCaseFile(doc.uri)) void this.resolveFile(doc.uri);
    return uris.length;
  }

  /** Loads the cases of every file not loaded yet (a run of everything); returns the number of cases. */
  async resolveAll(): Promise<number> {
    const files = this.fileItems();
    // In batches: all at once opens too many files on big workspaces.
    for (let i = 0; i < files.length; i += 64) {
      await Promise.all(files.slice(i, i + 64).map((item) => (this.loaded.has(item.id) ? undefined : this.resolveFile(item.uri!))));
    }
    return files.reduce((n, item) => n + item.children.size, 0);
  }

  /** Makes sure a file's items come from a full parse (results are placed at assertion lines, which only the parse knows). */
  async ensureParsed(uri: vscode.Uri): Promise<void> {
    if (this.loaded.get(uri.toString()) !== 'parse') await this.resolveFile(uri, true);
  }

  /** Whether a file's cases are loaded. */
  isResolved(uri: vscode.Uri): boolean {
    return this.loaded.has(uri.toString());
  }

  /**
   * Reads one file's cases from its open editor or the disk: the line scan, or the full parse
   * when `full`, when the file is open in an editor (its errors show on the items) or when the
   * scan declines the file. A file that cannot be read leaves the tree.
   */
  async resolveFile(uri: vscode.Uri, full = false): Promise<void> {
    if (!isCaseFile(uri)) return;
    const open = this.openDocument(uri);
    let text: string;
    const t0 = performance.now();
    try {
      // Local files are read directly and at once (case files are small; the promise-based read
      // costs several times the CPU): workspace.fs goes through the file service and is slower.
      text =
        open?.getText() ??
        (uri.scheme === 'file' ? readFileSync(uri.fsPath, 'utf8') : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
    } catch {
      this.remove(uri);
      return;
    }
    const t1 = performance.now();
    const scanned = scanFileTree(text, full || open !== undefined);
    const tree = scanned ?? (await parseFileTree(text, vscode.workspace.asRelativePath(uri)));
    const t2 = performance.now();
    this.apply(uri, tree, scanned === undefined);
    this.resolveTimes.readMs += t1 - t0;
    if (scanned) this.resolveTimes.treeMs += t2 - t1;
    this.resolveTimes.itemsMs += performance.now() - t2;
  }

  /** Makes a case's turn items (once); a case without turns has none. */
  resolveTurns(item: vscode.TestItem): void {
    const data = this.get(item);
    if (data.type !== 'case') return;
    const { uri, node } = data;
    item.canResolveChildren = false;
    if (node.turns.length === 0 && item.children.size === 0) return;
    item.children.replace(
      node.turns.map((t) => {
        const turnId = `${item.id}#turn-${t.turn}`;
        const turn = item.children.get(turnId) ?? this.controller.createTestItem(turnId, t.label, uri);
        turn.label = t.label;
        turn.range = toRange(t.range);
        this.data.set(turn, { type: 'turn', uri, node, turn: t.turn });
        return turn;
      }),
    );
  }

  remove(uri: vscode.Uri): void {
    this.loaded.delete(uri.toString());
    this.controller.items.delete(uri.toString());
    this.changed.fire(uri);
  }

  private openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
    const key = uri.toString();
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  }

  private tag(id: string): vscode.TestTag {
    let tag = this.tagCache.get(id);
    if (!tag) this.tagCache.set(id, (tag = new vscode.TestTag(id)));
    return tag;
  }

  /** Rebuilds one file's items from its tree; items are reused by id, so a run holding them stays valid. */
  private apply(uri: vscode.Uri, tree: FileNode, parsed: boolean): void {
    const file = this.fileItem(uri, true)!;
    this.loaded.set(uri.toString(), parsed ? 'parse' : 'scan');
    file.description = tree.suite ?? file.description;
    file.error = tree.error;
    file.range = new vscode.Range(0, 0, 0, 0);
    const children: vscode.TestItem[] = [];
    for (const node of tree.cases) {
      const id = `${uri.toString()}#${node.id}`;
      const item = file.children.get(id) ?? this.controller.createTestItem(id, node.title, uri);
      item.label = node.title;
      item.range = toRange(node.range);
      if (node.kind === 'manual' || item.description) item.description = node.kind === 'manual' ? 'manual' : undefined;
      if (node.error || item.error) item.error = node.error;
      item.tags = caseTagIds(node).map((t) => this.tag(t));
      this.data.set(item, { type: 'case', uri, node });
      // A conversation's turns are items of their own, made when the case is expanded or
      // reports a result (fewer items for a complete tree); turns already shown follow edits.
      if (item.children.size > 0) this.resolveTurns(item);
      else item.canResolveChildren = node.turns.length > 0;
      children.push(item);
    }
    const tr = performance.now();
    file.children.replace(children);
    this.resolveTimes.replaceMs += performance.now() - tr;
    this.changed.fire(uri);
  }

  dispose(): void {
    for (const t of this.typing.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
