import type * as vscode from 'vscode';

/** An Edit chosen in the review, waiting for the save that changes the case (kept in the workspace state). */
export interface PendingEdit {
  /** The case file's URI, as a string. */
  uri: string;
  caseId: string;
  title: string;
  /** The case as it was when the reviewer chose Edit (plain JSON): the diff is counted from it. */
  before: Record<string, unknown>;
}

const KEY = 'casewright.review.pendingEdits';

/** Not in the manifest: the extension's save listener hands a save of a file with a pending edit to the review (core-commands.ts). */
export const REVIEW_SAVED = 'casewright.internal.reviewSaved';

/**
 * The review's pending edits in the workspace state, so a window reload between Edit and the
 * save keeps the case as it was (the "before" of the recorded diff). No core import: the
 * extension's save listener asks `waitsFor` at activation time without loading core.
 */
export class PendingEdits {
  constructor(private readonly state: vscode.Memento) {}

  private read(): Record<string, PendingEdit> {
    return this.state.get<Record<string, PendingEdit>>(KEY, {});
  }

  static key(uri: string, caseId: string): string {
    return `${uri}#${caseId.toLowerCase()}`;
  }

  /** `file#caseId` of each edit waiting for a save. */
  keys(): string[] {
    return Object.keys(this.read());
  }

  /** Whether an edit of a case in this file waits for its save. */
  waitsFor(uri: vscode.Uri): boolean {
    const wanted = uri.toString();
    return Object.values(this.read()).some((p) => p.uri === wanted);
  }

  of(uri: vscode.Uri): Array<[string, PendingEdit]> {
    const wanted = uri.toString();
    return Object.entries(this.read()).filter(([, p]) => p.uri === wanted);
  }

  async set(edit: PendingEdit): Promise<void> {
    await this.state.update(KEY, { ...this.read(), [PendingEdits.key(edit.uri, edit.caseId)]: edit });
  }

  async delete(key: string): Promise<void> {
    const { [key]: _gone, ...rest } = this.read();
    await this.state.update(KEY, rest);
  }
}
