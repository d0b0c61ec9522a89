import * as vscode from 'vscode';
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { CaseFileEditor, learning, type DecideCaseInput, type RejectReason, type TestCaseInput } from '@casewright/core';
import { PendingEdits } from '../pending-edits.js';
import { folderOf, folderWorkspace, saveIfDirty, type WorkspaceDeps } from './workspaces.js';

/** Who decides: the OS account, as `casewright review` records it. */
export function reviewer(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

/** The 0-based line of a case's `id:` in a case file's text (where the editor reveals it). */
export function caseLine(text: string, caseId: string): number {
  const lines = text.split(/\r?\n/);
  const at = lines.findIndex((l) => l.toLowerCase().includes(caseId.toLowerCase()) && /\bid:/.test(l));
  return Math.max(0, at);
}

/** Opens a case file with the case's first line at the top of the editor. */
export async function revealCase(uri: vscode.Uri, caseId: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const line = caseLine(doc.getText(), caseId);
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const at = new vscode.Range(line, 0, line, 0);
  editor.selection = new vscode.Selection(at.start, at.start);
  editor.revealRange(at, vscode.TextEditorRevealType.AtTop);
  return editor;
}

/**
 * The review of draft cases in VS Code: Accept / Edit / Reject (CodeLens above each draft
 * case, and "Casewright: Review Draft Cases"). Every decision goes through core's
 * `decideCase`, as `casewright review` does: the case file gets its new status (through
 * core's writer) and the decision is appended to the folder's `.casewright/decisions.jsonl`.
 * An edit is the reviewer's own: Edit opens the case, and the next save of the file that
 * changes the case records it (with the diff from the case as it was) and makes it ready.
 * The pending edits live in the workspace state: a window reload between Edit and the save
 * keeps them, and the extension's own save listener (registered at activation, without core)
 * hands a save of a file with a pending edit to `saved`.
 */
export class DraftReview {
  private readonly pending: PendingEdits;

  constructor(
    private readonly deps: WorkspaceDeps,
    state: vscode.Memento,
  ) {
    this.pending = new PendingEdits(state);
  }

  /** Edits waiting for a save, as `file#caseId` (for tests and the log). */
  get pendingEdits(): string[] {
    return this.pending.keys();
  }

  async accept(uri: vscode.Uri, caseId: string): Promise<string> {
    await this.draft(uri, caseId);
    return this.decide(uri, caseId, { decision: 'accepted' });
  }

  /** Asks why (the short list, then an optional note) and rejects; Escape at either step decides nothing. */
  async reject(uri: vscode.Uri, caseId: string, reason?: RejectReason, note?: string): Promise<string | undefined> {
    const { title } = await this.draft(uri, caseId);
    const picked =
      reason ??
      (
        await vscode.window.showQuickPick(
          learning.REJECT_REASONS.map((r) => ({ label: learning.REJECT_REASON_LABELS[r], reason: r })),
          { title: `Casewright: reject "${title}" — why?`, placeHolder: 'Pick the reason (Escape: do not reject)', ignoreFocusOut: true },
        )
      )?.reason;
    if (!picked) return undefined;
    const text =
      note ??
      (await vscode.window.showInputBox({
        title: `Casewright: reject "${title}" (${learning.REJECT_REASON_LABELS[picked]})`,
        prompt: 'A note for the team, optional (Enter: none; Escape: do not reject)',
        ignoreFocusOut: true,
      }));
    if (text === undefined) return undefined;
    return this.decide(uri, caseId, { decision: 'rejected', reason: picked, note: text });
  }

  /** Opens the case for editing; its next save that changes it is recorded as the edit. */
  async edit(uri: vscode.Uri, caseId: string): Promise<void> {
    const before = await this.draft(uri, caseId);
    await this.pending.set({ uri: uri.toString(), caseId, title: before.title, before: { ...before } });
    await revealCase(uri, caseId);
    void vscode.window.showInformationMessage(
      `Casewright: edit "${before.title}" and save the file: the edit is recorded (with its diff) and the case becomes ready.`,
    );
  }

  /** A case file was saved: each case waiting for its edit that changed is recorded as edited. */
  async saved(doc: vscode.TextDocument): Promise<void> {
    const waiting = this.pending.of(doc.uri);
    if (waiting.length === 0) return;
    const shown = vscode.workspace.asRelativePath(doc.uri);
    let editor: CaseFileEditor;
    try {
      editor = CaseFileEditor.parse(doc.getText(), shown);
    } catch (error) {
      // The diagnostics say what is wrong; the edit is recorded on a save that fixes it.
      this.deps.log.warn(`review: ${shown} cannot be read yet (${error instanceof Error ? error.message : String(error)}); the edit waits`);
      return;
    }
    for (const [key, edit] of waiting) {
      const now = editor.rawCases[editor.indexOf(edit.caseId)];
      if (!now) {
        await this.pending.delete(key);
        this.deps.log.warn(`review: the case "${edit.title}" is no longer in ${shown}; its edit is not recorded`);
        continue;
      }
      if (JSON.stringify(now) === JSON.stringify(edit.before)) continue;
      await this.pending.delete(key);
      try {
        await this.decide(doc.uri, edit.caseId, { decision: 'edited', edited: now, before: edit.before as TestCaseInput });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        this.deps.log.error(`review: ${message}`);
        void vscode.window.showErrorMessage(`Casewright: the edit of "${edit.title}" was not recorded: ${message}`);
      }
    }
  }

  /**
   * "Review Draft Cases": the folder's drafts in a list; pick one, see it in the editor,
   * then Accept / Edit / Reject / Skip. The list comes back after each decision until
   * Escape or no draft is left.
   */
  async reviewAll(uri?: vscode.Uri): Promise<void> {
    const folder = folderOf(uri);
    for (;;) {
      const ws = await folderWorkspace(this.deps, folder.uri);
      const { drafts, invalid } = await learning.findDraftCases(ws);
      for (const line of invalid) this.deps.log.warn(`review: skipped ${line}`);
      if (drafts.length === 0) {
        void vscode.window.showInformationMessage('Casewright: no draft cases to review.');
        return;
      }
      const pick = await vscode.window.showQuickPick(
        drafts.map((d) => ({
          label: d.testCase.title,
          description: `${d.testCase.kind}${d.testCase.covers.length ? ` · covers ${d.testCase.covers.join(', ')}` : ''}`,
          detail: d.shown,
          draft: d,
        })),
        {
          title: `Casewright: ${drafts.length} draft case${drafts.length === 1 ? '' : 's'} to review`,
          placeHolder: 'Pick a draft case to review',
          matchOnDescription: true,
          matchOnDetail: true,
          ignoreFocusOut: true,
        },
      );
      if (!pick) return;
      const caseUri = vscode.Uri.file(pick.draft.file);
      const id = pick.draft.testCase.id;
      await revealCase(caseUri, id);
      const action = await vscode.window.showQuickPick(
        [
          { label: '$(check) Accept', detail: 'status: ready', value: 'accept' as const },
          { label: '$(edit) Edit', detail: 'edit the case and save the file: recorded with the diff, then ready', value: 'edit' as const },
          { label: '$(close) Reject', detail: 'status: deprecated, with a reason', value: 'reject' as const },
          { label: 'Skip', detail: 'it stays a draft', value: 'skip' as const },
        ],
        { title: `Casewright: "${pick.draft.testCase.title}"`, placeHolder: 'Decision', ignoreFocusOut: true },
      );
      if (!action) return;
      if (action.value === 'accept') await this.accept(caseUri, id);
      else if (action.value === 'reject') await this.reject(caseUri, id);
      else if (action.value === 'edit') return this.edit(caseUri, id);
    }
  }

  /**
   * The case as its file holds it (unsaved edits saved first), when it is still a draft: a
   * lens drawn before the file changed, or a second click, must not decide a case twice.
   */
  private async draft(uri: vscode.Uri, caseId: string): Promise<TestCaseInput> {
    await saveIfDirty(uri.fsPath);
    const shown = vscode.workspace.asRelativePath(uri);
    const editor = CaseFileEditor.parse(await readFile(uri.fsPath, 'utf8'), shown);
    const raw = editor.rawCases[editor.indexOf(caseId)];
    if (!raw) throw new Error(`${shown}: no case with id ${caseId}`);
    if ((raw.status ?? 'draft') !== 'draft')
      throw new Error(`"${raw.title}" is no longer a draft (status: ${raw.status}); nothing was recorded`);
    return raw;
  }

  /** Applies and records a decision through core's `decideCase`; says what happened. */
  private async decide(uri: vscode.Uri, caseId: string, input: Omit<DecideCaseInput, 'file' | 'caseId'>): Promise<string> {
    await saveIfDirty(uri.fsPath);
    const ws = await folderWorkspace(this.deps, folderOf(uri).uri);
    const { decision, testCase } = await learning.decideCase(ws, { ...input, file: uri.fsPath, caseId, by: reviewer() });
    const log = path.relative(folderOf(uri).uri.fsPath, path.join(ws.configDir, learning.DECISIONS_FILE)).split(path.sep).join('/');
    const what =
      decision.decision === 'rejected'
        ? `rejected (status: deprecated, ${decision.reason ?? 'no reason'})`
        : `${decision.decision} (status: ready)`;
    const message = `"${testCase.title}" ${what}; recorded in ${log}`;
    this.deps.log.info(`review: ${message}`);
    void vscode.window.showInformationMessage(`Casewright: ${message}.`);
    return message;
  }
}
