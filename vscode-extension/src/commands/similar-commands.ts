import * as vscode from 'vscode';
import path from 'node:path';
import { learning, readStory, type SimilarForCriterion, type Story } from '@casewright/core';
import { criterionLines } from '../testing/criteria-coverage.js';
import { revealCase } from './review-commands.js';
import { folderOf, folderWorkspace, type WorkspaceDeps } from './workspaces.js';

/** Story files the extension reads criteria from (as Generate from the Current Markdown Story does). */
export const STORY_FILE = /\.(md|markdown|feature)$/i;

interface StoryAt {
  folder: vscode.WorkspaceFolder;
  story: Story;
  /** 0-based line of each criterion in the document. */
  lines: number[];
}

async function storyOf(deps: WorkspaceDeps, doc: vscode.TextDocument): Promise<StoryAt> {
  if (!STORY_FILE.test(doc.uri.fsPath))
    throw new Error('open a story (a .md file with an "Acceptance criteria" section, or a .feature file) first');
  const folder = folderOf(doc.uri);
  const ws = await folderWorkspace(deps, folder.uri);
  const story = await readStory(ws, { file: doc.uri.fsPath, shown: vscode.workspace.asRelativePath(doc.uri) });
  return { folder, story, lines: criterionLines(doc.getText(), story.criteria) };
}

/** Existing cases similar to the story's criteria (all of them, or the one at `line`), through core's case index. */
async function similarFor(deps: WorkspaceDeps, at: StoryAt, only: number | undefined, k: number) {
  const ws = await folderWorkspace(deps, at.folder.uri);
  const story = only === undefined ? at.story : { ...at.story, criteria: [at.story.criteria[only]!] };
  const { criteria } = await learning.similarCases(ws, { story, k });
  return { ws, criteria };
}

/** The criterion written on `line` (its index), if any. */
function criterionOn(at: StoryAt, line: number): number | undefined {
  const i = at.lines.indexOf(line);
  return i >= 0 && at.story.criteria[i] ? i : undefined;
}

const caseUri = (configDir: string, file: string) => vscode.Uri.file(path.resolve(configDir, file));

/**
 * "Casewright: Show Similar Cases": for the criterion at the cursor (or every criterion
 * when the cursor is on none), the existing cases that say the most similar things, best
 * first; picking one opens it. Returns the titles listed (for tests and the log).
 */
export async function showSimilarCases(deps: WorkspaceDeps, uri?: vscode.Uri): Promise<string[]> {
  const editor = vscode.window.activeTextEditor;
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
  if (!doc) throw new Error('open a story (a .md file with an "Acceptance criteria" section, or a .feature file) first');
  const at = await storyOf(deps, doc);
  if (at.story.criteria.length === 0) throw new Error(`${vscode.workspace.asRelativePath(doc.uri)} has no acceptance criteria`);
  const cursor = editor?.document.uri.toString() === doc.uri.toString() ? criterionOn(at, editor.selection.active.line) : undefined;
  const { ws, criteria } = await similarFor(deps, at, cursor, 5);
  type Item = vscode.QuickPickItem & { open?: { uri: vscode.Uri; id: string } };
  const items: Item[] = [];
  for (const { criterion, hits } of criteria) {
    items.push({ label: `${criterion.id}  ${criterion.text}`, kind: vscode.QuickPickItemKind.Separator });
    if (hits.length === 0) items.push({ label: '$(info) no similar case', description: criterion.id });
    for (const hit of hits)
      items.push({
        label: `$(beaker) ${hit.doc.title}`,
        description: `${hit.doc.status ?? ''} · ${hit.doc.file}`,
        detail: hit.doc.covers?.length
          ? `covers ${hit.doc.covers.join(', ')} · relevance ${hit.score.toFixed(1)}`
          : `relevance ${hit.score.toFixed(1)}`,
        open: { uri: caseUri(ws.configDir, hit.doc.file), id: hit.doc.id },
      });
  }
  const titles = criteria.flatMap((c) => c.hits.map((h) => h.doc.title));
  deps.log.info(`similar: ${at.story.key ?? at.story.title}: ${titles.length} similar cases for ${criteria.length} criteria`);
  const pick = await vscode.window.showQuickPick(items, {
    title: `Casewright: cases similar to ${cursor === undefined ? `the criteria of ${at.story.key ?? at.story.title}` : at.story.criteria[cursor]!.id}`,
    placeHolder: 'Pick a case to open it',
    matchOnDescription: true,
  });
  if (pick?.open) await revealCase(pick.open.uri, pick.open.id);
  return titles;
}

/** The hover text for the similar cases of one criterion (command links open each case). */
export function similarHoverText(found: SimilarForCriterion, configDir: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.isTrusted = { enabledCommands: ['casewright.openCase', 'casewright.showSimilarCases'] };
  md.appendMarkdown(`**Casewright: existing cases similar to ${found.criterion.id}**\n\n`);
  if (found.hits.length === 0) md.appendMarkdown('No similar case yet.\n');
  for (const hit of found.hits) {
    const args = encodeURIComponent(JSON.stringify([caseUri(configDir, hit.doc.file).toString(), hit.doc.id]));
    const title = hit.doc.title.replace(/[[\]\\`*_]/g, (c) => `\\${c}`);
    md.appendMarkdown(`- [${title}](command:casewright.openCase?${args}) — ${hit.doc.status ?? ''}, \`${hit.doc.file}\`\n`);
  }
  return md;
}

/** Hover on a story criterion: the existing cases most similar to it. */
export async function similarHover(deps: WorkspaceDeps, doc: vscode.TextDocument, line: number): Promise<vscode.Hover | undefined> {
  let at: StoryAt;
  try {
    at = await storyOf(deps, doc);
  } catch {
    return undefined; // not a story (a README, a broken file): no hover
  }
  const index = criterionOn(at, line);
  if (index === undefined) return undefined;
  const { ws, criteria } = await similarFor(deps, at, index, 3);
  const found = criteria[0];
  if (!found) return undefined;
  const text = doc.lineAt(line).text;
  return new vscode.Hover(similarHoverText(found, ws.configDir), new vscode.Range(line, 0, line, text.length));
}
