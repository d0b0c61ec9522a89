import * as vscode from 'vscode';
import { readFile } from 'node:fs/promises';
import type { Outcome } from '@casewright/core';
import { loadCore } from '../core-loader.js';
import { criteriaCoverage, type CriterionCoverage } from './criteria-coverage.js';
import { latestManualResults } from './manual-results-file.js';

/**
 * Acceptance-criteria coverage as VS Code coverage: after a run of the coverage profile, each
 * story Markdown file the run's suites point at (`story:`) gets a FileCoverage whose
 * statements are its criterion lines — covered (a case covers it and none failed), covered
 * but failing (a covering case failed or errored: its branch is not taken), or not covered.
 * Each covering case is a branch, labelled with its title and outcome.
 */
export class CriteriaCoverage {
  private readonly details = new WeakMap<vscode.FileCoverage, vscode.FileCoverageDetail[]>();

  /** For the profile's `loadDetailedCoverage`. */
  detailsOf(coverage: vscode.FileCoverage): vscode.FileCoverageDetail[] {
    return this.details.get(coverage) ?? [];
  }

  /**
   * Adds the coverage of the stories of `files` to `run`: the outcomes of this run first, then
   * each manual case's last execution. Returns the criteria per story file, for the log.
   */
  async add(
    run: vscode.TestRun,
    files: readonly vscode.Uri[],
    outcomes: ReadonlyMap<string, Outcome>,
  ): Promise<Map<string, CriterionCoverage[]>> {
    const { parseCaseFile, parseMarkdownStory } = await loadCore();
    const { storyFileFor } = await import('../editor/story-criteria.js');
    const known = new Map(outcomes);
    const cases = new Map<string, { id: string; title: string; covers: string[] }[]>();
    for (const uri of files) {
      const text = await readFile(uri.fsPath, 'utf8').catch(() => undefined);
      const suite = text === undefined ? undefined : parseCaseFile(text, vscode.workspace.asRelativePath(uri)).suite;
      const story = suite && storyFileFor(uri.fsPath, suite.story);
      if (!suite || !story) continue;
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      for (const manual of folder ? await latestManualResults(folder.uri.fsPath) : []) {
        if (!known.has(manual.caseId.toLowerCase())) known.set(manual.caseId.toLowerCase(), manual.outcome);
      }
      const list = cases.get(story) ?? [];
      list.push(...suite.cases.map((c) => ({ id: c.id, title: c.title, covers: c.covers })));
      cases.set(story, list);
    }
    const out = new Map<string, CriterionCoverage[]>();
    for (const [storyFile, covering] of cases) {
      const markdown = await readFile(storyFile, 'utf8');
      const story = parseMarkdownStory(markdown, { file: storyFile });
      const coverage = criteriaCoverage(markdown, story.criteria, covering, known);
      const lines = markdown.split(/\r?\n/);
      const statements = coverage.map((criterion) => {
        const range = new vscode.Range(criterion.line, 0, criterion.line, lines[criterion.line]?.length ?? 0);
        const branches = criterion.cases.map(
          (c) =>
            new vscode.BranchCoverage(
              c.outcome === 'failed' || c.outcome === 'errored' ? 0 : 1,
              range,
              `${criterion.id} · ${c.title}: ${c.outcome ?? 'not run yet'}`,
            ),
        );
        return new vscode.StatementCoverage(criterion.cases.length, range, branches);
      });
      const fileCoverage = vscode.FileCoverage.fromDetails(vscode.Uri.file(storyFile), statements);
      this.details.set(fileCoverage, statements);
      run.addCoverage(fileCoverage);
      out.set(storyFile, coverage);
    }
    return out;
  }
}
