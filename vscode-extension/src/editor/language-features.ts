import * as vscode from 'vscode';
import { randomUUID } from 'node:crypto';
import { caseFileFixes } from './case-file-fixes.js';
import type { TestTree } from '../testing/test-tree.js';
import type { Settings } from '../settings.js';
import { loadCore } from '../core-loader.js';

const SELECTOR: vscode.DocumentSelector = [{ pattern: '**/*.cases.yaml' }];

/** Quick fixes of Casewright's diagnostics: rename a typo'd key (keeping its value), or generate a missing or malformed case id. */
class CaseFileQuickFixes implements vscode.CodeActionProvider {
  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    return context.diagnostics
      .filter((d) => d.source === 'casewright')
      .flatMap((d) =>
        caseFileFixes(
          {
            code: String(typeof d.code === 'object' ? d.code.value : (d.code ?? '')),
            message: d.message,
            start: d.range.start,
            end: d.range.end,
          },
          (line) => doc.lineAt(line).text,
          randomUUID,
        ).map((fix) => {
          const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
          action.diagnostics = [d];
          action.isPreferred = fix.preferred;
          action.edit = new vscode.WorkspaceEdit();
          for (const e of fix.edits) action.edit.replace(doc.uri, new vscode.Range(e.line, e.start, e.line, e.end), e.text);
          return action;
        }),
      );
  }
}

class AssertionHover implements vscode.HoverProvider {
  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const { assertionHelp, lineContext } = await import('./line-context.js');
    const line = doc.lineAt(position.line).text;
    const context = lineContext(line);
    if (context.kind !== 'assertion-type' || position.character < context.valueStart) return undefined;
    const help = assertionHelp(context.value);
    if (!help) return undefined;
    return new vscode.Hover(
      new vscode.MarkdownString(help),
      new vscode.Range(position.line, context.valueStart, position.line, context.valueStart + context.value.length),
    );
  }
}

class Completions implements vscode.CompletionItemProvider {
  constructor(private readonly settings: Settings) {}

  async provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const { assertionTypeCompletions, lineContext } = await import('./line-context.js');
    const line = doc.lineAt(position.line).text.slice(0, position.character);
    const context = lineContext(line);
    const range = new vscode.Range(
      position.line,
      context.kind === 'other' ? position.character : context.valueStart,
      position.line,
      position.character,
    );
    if (context.kind === 'assertion-type') {
      return assertionTypeCompletions().map(({ label, detail }) => {
        const item = new vscode.CompletionItem(label, vscode.CompletionItemKind.EnumMember);
        item.detail = detail;
        item.range = range;
        return item;
      });
    }
    if (context.kind === 'target') {
      const folder = vscode.workspace.getWorkspaceFolder(doc.uri);
      if (!folder) return [];
      try {
        const configFile = this.settings.read(doc.uri).configFile || undefined;
        const { loadConfig } = await loadCore();
        const { config } = await loadConfig(folder.uri.fsPath, configFile);
        return Object.keys(config.targets ?? {}).map((name) => {
          const item = new vscode.CompletionItem(name, vscode.CompletionItemKind.Value);
          item.detail = 'target from casewright.config.yaml';
          item.range = range;
          return item;
        });
      } catch {
        return []; // an invalid config has its own diagnostics when opened
      }
    }
    return [];
  }
}

/** Run · Open in Jira · Execute manually above every case; Accept · Edit · Reject above a draft. */
class CaseLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly tree: TestTree) {
    // Only a file shown in an editor has lenses to refresh (a run of everything changes hundreds of files).
    tree.onDidChangeFile((uri) => {
      if (vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri.toString())) this.changed.fire();
    });
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const file = this.tree.fileItem(doc.uri);
    if (!file) return [];
    const lenses: vscode.CodeLens[] = [];
    file.children.forEach((item) => {
      const data = this.tree.get(item);
      if (data.type !== 'case' || !item.range) return;
      const at = new vscode.Range(item.range.start.line, 0, item.range.start.line, 0);
      if (data.node.kind === 'manual') {
        lenses.push(
          new vscode.CodeLens(at, {
            title: '$(checklist) Execute manually',
            command: 'casewright.executeManually',
            arguments: [doc.uri, data.node.id],
          }),
        );
      } else {
        lenses.push(new vscode.CodeLens(at, { title: '$(play) Run', command: 'casewright.runCase', arguments: [doc.uri, data.node.id] }));
      }
      if (data.node.status === 'draft') {
        const args = [doc.uri, data.node.id];
        lenses.push(
          new vscode.CodeLens(at, { title: '$(check) Accept', command: 'casewright.acceptDraft', arguments: args }),
          new vscode.CodeLens(at, { title: '$(edit) Edit', command: 'casewright.editDraft', arguments: args }),
          new vscode.CodeLens(at, { title: '$(close) Reject', command: 'casewright.rejectDraft', arguments: args }),
        );
      }
      if (data.node.jiraKey) {
        lenses.push(
          new vscode.CodeLens(at, {
            title: `$(link-external) Open ${data.node.jiraKey} in Jira`,
            command: 'casewright.openInJira',
            arguments: [data.node.jiraKey],
          }),
        );
      }
    });
    return lenses;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function registerLanguageFeatures(tree: TestTree, settings: Settings): vscode.Disposable[] {
  const lenses = new CaseLenses(tree);
  return [
    vscode.languages.registerCodeActionsProvider(SELECTOR, new CaseFileQuickFixes(), {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
    }),
    vscode.languages.registerHoverProvider(SELECTOR, new AssertionHover()),
    vscode.languages.registerCompletionItemProvider(SELECTOR, new Completions(settings), ':', ' ', '-'),
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    lenses,
  ];
}
