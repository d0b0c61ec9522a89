import * as vscode from 'vscode';
import type { JudgeNode, JudgeReviewView } from '../judge-review-view.js';
import type { StatusBar } from '../status-bar.js';
import type { TestTree } from '../testing/test-tree.js';
import { exportCases } from './export-commands.js';
import { REVIEW_SAVED } from '../pending-edits.js';
import { decideJudgeVerdict, JudgeDocuments, showJudgeAgreement, showJudgeVerdict } from './judge-review.js';
import { ConflictDocuments, showJiraAnalytics, syncWithJira } from './jira-commands.js';
import { importConversations, type ImportArgs } from './import-commands.js';
import { generateFromJira, generateFromMarkdown } from './generate-commands.js';
import { DraftReview, revealCase } from './review-commands.js';
import { showSimilarCases } from './similar-commands.js';
import type { WorkspaceDeps } from './workspaces.js';

export interface CoreCommandDeps extends WorkspaceDeps {
  status: StatusBar;
  tree: TestTree;
  controller: vscode.TestController;
  judgeView: JudgeReviewView;
  /** The workspace state: the review's pending edits survive a window reload. */
  state: vscode.Memento;
}

type Register = (id: string, fn: (...args: never[]) => unknown) => vscode.Disposable;

const asUri = (value: unknown): vscode.Uri | undefined =>
  value instanceof vscode.Uri ? value : typeof value === 'string' && value ? vscode.Uri.parse(value) : undefined;

/** The commands that run core's jobs: generate, Jira sync, conversation import, review, similar cases, judge review, export. */
export function registerCoreCommands(deps: CoreCommandDeps, command: Register): vscode.Disposable[] {
  const conflicts = new ConflictDocuments();
  const jiraDeps = { ...deps, conflicts };
  const review = new DraftReview(deps, deps.state);
  const judgeDocs = new JudgeDocuments(deps);
  const judgeNode = (node: unknown) => (node && typeof node === 'object' && 'kind' in node ? (node as JudgeNode) : undefined);
  const caseArgs = (uri: unknown, caseId: unknown): [vscode.Uri, string] => {
    const at = asUri(uri);
    if (!at || typeof caseId !== 'string') throw new Error('no case was given (use the lens above a draft case, or Review Draft Cases)');
    return [at, caseId];
  };
  return [
    command(REVIEW_SAVED, (doc: vscode.TextDocument) => review.saved(doc)),
    command('casewright.reviewDrafts', (uri?: vscode.Uri) => review.reviewAll(asUri(uri))),
    command('casewright.acceptDraft', (uri: unknown, caseId: unknown) => review.accept(...caseArgs(uri, caseId))),
    command('casewright.editDraft', (uri: unknown, caseId: unknown) => review.edit(...caseArgs(uri, caseId))),
    command('casewright.rejectDraft', (uri: unknown, caseId: unknown) => review.reject(...caseArgs(uri, caseId))),
    command('casewright.showSimilarCases', (uri?: unknown) => showSimilarCases(deps, asUri(uri))),
    command('casewright.openCase', (uri: unknown, caseId: unknown) => revealCase(...caseArgs(uri, caseId))),
    vscode.workspace.registerTextDocumentContentProvider(ConflictDocuments.scheme, conflicts),
    command('casewright.generateFromJira', (key?: string) => generateFromJira(deps, typeof key === 'string' ? key : undefined)),
    command('casewright.generateFromMarkdown', (uri?: vscode.Uri) =>
      generateFromMarkdown(deps, uri instanceof vscode.Uri ? uri : undefined),
    ),
    command('casewright.jiraPull', (uri?: vscode.Uri) => syncWithJira(jiraDeps, 'pull', uri instanceof vscode.Uri ? uri : undefined)),
    command('casewright.jiraPush', (uri?: vscode.Uri) => syncWithJira(jiraDeps, 'push', uri instanceof vscode.Uri ? uri : undefined)),
    command('casewright.jiraAnalytics', (project?: unknown) =>
      showJiraAnalytics(jiraDeps, typeof project === 'string' && project ? project : undefined),
    ),
    command('casewright.importConversations', (args?: ImportArgs) => importConversations(deps, args)),
    vscode.workspace.registerTextDocumentContentProvider(JudgeDocuments.scheme, judgeDocs),
    command('casewright.showJudgeVerdict', (node?: unknown) => showJudgeVerdict(judgeDocs, judgeNode(node))),
    command('casewright.confirmJudgeVerdict', (node?: unknown) => decideJudgeVerdict(deps, judgeDocs, 'confirmed', judgeNode(node))),
    command('casewright.overrideJudgeVerdict', (node?: unknown) => decideJudgeVerdict(deps, judgeDocs, 'overridden', judgeNode(node))),
    command('casewright.judgeAgreement', () => showJudgeAgreement(judgeDocs)),
    command('casewright.exportCases', (uri?: unknown) => exportCases(deps, asUri(uri))),
  ];
}
