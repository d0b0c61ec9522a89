import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import { CASE_FILE_SUFFIX, parseCaseFile } from '@casewright/core';
import { buildCaseTree, type CaseNode, type FileNode, type LineRange } from './case-tree.js';
import { scanCaseFile } from './case-scan.js';

export type ItemData =
  | { type: 'file'; uri: vscode.Uri }
  | { type: 'case'; uri: vscode.Uri; node: CaseNode }
  | { type: 'turn'; uri: vscode.Uri; node: CaseNode; turn: number };

export function toRange(r: LineRange): vscode.Range {
  return new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
}

const EXCLUDE = '{**/node_modules/**,**/.git/**,**/dist/**,**/.e2e/**,**/.vscode-test/**}';

/**
 * Keeps the TestController's tree equal to the case files of the workspace: file → case →
 * turn. Files are found on activation, and created, changed, renamed (delete + create) and
 * deleted files update the tree through a file watcher; open editors update it as the
 * user types. Domain data hangs off items in a WeakMap.
 */
export class TestTree implements vscode.Disposable {
  private readonly data = new WeakMap<vscode.TestItem, ItemData>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Where the last discovery spent its time (for the activation figures). */
  readonly lastDiscovery = { findMs: 0, buildMs: 0 };
  /** Files whose items came from the line scan and still wait for a full parse. */
  private readonly scannedOnly = new Set<string>();
  private refining: ReturnType<typeof setTimeout> | undefined;
  private readonly typing = new Map<string, ReturnType<typeof setTimeout>>();
  /** Fires after a file's items were rebuilt (for CodeLens and continuous runs). */
  readonly onDidChangeFile = this.changed.event;

  constructor(private readonly controller: vscode.TestController) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/*${CASE_FILE_SUFFIX}`);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.updateFromDisk(uri)),
      watcher.onDidChange((uri) => {
        // An open editor is the truth while it is open (it may hold unsaved edits).
        if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString())) void this.updateFromDisk(uri);
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
            this.update(e.document.uri, e.document.getText());
          }, 150),
        );
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (isCaseFile(d.uri)) this.update(d.uri, d.getText());
      }),
      this.changed,
    );
    controller.refreshHandler = async () => {
      await this.discover();
    };
  }

  /** The item's domain data; a missing entry is a bug in the tree, not a user error. */
  get(item: vscode.TestItem): ItemData {
    const data = this.data.get(item);
    if (!data) throw new Error(`bug: test item ${item.id} has no Casewright data`);
    return data;
  }

  fileItem(uri: vscode.Uri): vscode.TestItem | undefined {
    return this.controller.items.get(uri.toString());
  }

  caseItem(uri: vscode.Uri, caseId: string): vscode.TestItem | undefined {
    return this.fileItem(uri)?.children.get(`${uri.toString()}#${caseId.toLowerCase()}`);
  }

  /**
   * Finds every case file and builds the whole tree from the line scan; resolves when it is
   * complete. Each file is then parsed in full in the background (errors, assertion lines),
   * and at once when it is opened, edited or run.
   */
  async discover(): Promise<number> {
    const started = performance.now();
    const uris = await vscode.workspace.findFiles(`**/*${CASE_FILE_SUFFIX}`, EXCLUDE);
    this.lastDiscovery.findMs = performance.now() - started;
    const keep = new Set(uris.map((u) => u.toString()));
    this.controller.items.forEach((item) => {
      if (!keep.has(item.id)) this.controller.items.delete(item.id);
    });
    let cases = 0;
    // Read in batches: all at once opens too many files on big workspaces.
    for (let i = 0; i < uris.length; i += 64) {
      const counts = await Promise.all(uris.slice(i, i + 64).map((uri) => this.updateFromDisk(uri, true)));
      cases += counts.reduce((a, b) => a + b, 0);
    }
    this.lastDiscovery.buildMs = performance.now() - started - this.lastDiscovery.findMs;
    this.refineInBackground();
    return cases;
  }

  async updateFromDisk(uri: vscode.Uri, scan = false): Promise<number> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) return this.update(uri, open.getText());
    try {
      // Local files are read directly: workspace.fs goes through the file service and is slower.
      const text =
        uri.scheme === 'file' ? await readFile(uri.fsPath, 'utf8') : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      return this.update(uri, text, scan);
    } catch {
      this.remove(uri);
      return 0;
    }
  }

  /** Makes sure a file's items come from a full parse (before a run reports against them). */
  async ensureParsed(uri: vscode.Uri): Promise<void> {
    if (this.scannedOnly.has(uri.toString())) await this.updateFromDisk(uri);
  }

  private refineInBackground(): void {
    clearTimeout(this.refining);
    const next = this.scannedOnly.values().next();
    if (next.done) return;
    // One file per turn of the event loop: the editor stays responsive on big workspaces.
    this.refining = setTimeout(() => {
      void this.updateFromDisk(vscode.Uri.parse(next.value)).finally(() => this.refineInBackground());
    }, 0);
  }

  remove(uri: vscode.Uri): void {
    this.scannedOnly.delete(uri.toString());
    this.controller.items.delete(uri.toString());
    this.changed.fire(uri);
  }

  /** Rebuilds one file's items from its text (scanned or parsed); returns the number of cases. */
  update(uri: vscode.Uri, text: string, scan = false): number {
    const scanned = scan ? scanCaseFile(text) : undefined;
    const tree: FileNode = scanned ?? buildCaseTree(parseCaseFile(text, vscode.workspace.asRelativePath(uri)));
    if (scanned) this.scannedOnly.add(uri.toString());
    else this.scannedOnly.delete(uri.toString());
    let file = this.fileItem(uri);
    if (!file) {
      file = this.controller.createTestItem(uri.toString(), tree.suite ?? basename(uri), uri);
      this.controller.items.add(file);
    }
    file.label = tree.suite ?? basename(uri);
    file.description = basename(uri);
    file.error = tree.error;
    file.range = new vscode.Range(0, 0, 0, 0);
    this.data.set(file, { type: 'file', uri });
    // Items are reused by id, so a run holding them (or the editor's state) stays valid.
    const children: vscode.TestItem[] = [];
    for (const node of tree.cases) {
      const id = `${uri.toString()}#${node.id}`;
      const item = file.children.get(id) ?? this.controller.createTestItem(id, node.title, uri);
      item.label = node.title;
      item.range = toRange(node.range);
      item.description = node.kind === 'manual' ? 'manual' : undefined;
      item.error = node.error;
      this.data.set(item, { type: 'case', uri, node });
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
      children.push(item);
    }
    file.children.replace(children);
    this.changed.fire(uri);
    return tree.cases.length;
  }

  dispose(): void {
    clearTimeout(this.refining);
    for (const t of this.typing.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
  }
}

export function isCaseFile(uri: vscode.Uri): boolean {
  return uri.path.endsWith(CASE_FILE_SUFFIX);
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}
