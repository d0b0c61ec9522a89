import { CriterionIdSchema, parseCaseFile, type Diagnostic, type ParsedCaseFile } from '@casewright/core';

/** What the analysis knows about the story a file points at (its acceptance-criterion ids). */
export interface StoryCriteria {
  /** The `story:` value as written (a Jira key or a story file). */
  story: string;
  criteria: ReadonlySet<string>;
}

export interface CaseFileAnalysis {
  parsed: ParsedCaseFile;
  /** Core's diagnostics plus the editor-only warnings, in file order. */
  diagnostics: Diagnostic[];
}

/**
 * Validates a case file as the editor shows it: the schema errors and rules of core
 * (`parseCaseFile`) plus warnings that need context core does not have in a single
 * file, such as acceptance-criterion ids the story does not define.
 * Free of `vscode` imports so unit tests and the benchmark can run it.
 */
export function analyzeCaseFile(
  text: string,
  file: string,
  storyOf?: StoryCriteria | ((story: unknown) => StoryCriteria | undefined),
): CaseFileAnalysis {
  const parsed = parseCaseFile(text, file);
  const story = typeof storyOf === 'function' ? storyOf((parsed.data as { story?: unknown } | undefined)?.story) : storyOf;
  const diagnostics = [...parsed.diagnostics];
  const data = parsed.data as { story?: unknown; cases?: unknown } | undefined;
  if (story && data && typeof data === 'object' && data.story === story.story && Array.isArray(data.cases)) {
    data.cases.forEach((raw, index) => {
      const covers = (raw as { covers?: unknown } | null)?.covers;
      if (!Array.isArray(covers)) return;
      covers.forEach((criterion, position) => {
        if (typeof criterion !== 'string' || !CriterionIdSchema.safeParse(criterion).success) return;
        if (story.criteria.has(criterion)) return;
        const where = parsed.locate(['cases', index, 'covers', position]);
        const known = [...story.criteria].join(', ') || 'none';
        diagnostics.push({
          file,
          severity: 'warning',
          code: 'unknown-criterion',
          message: `${criterion} is not an acceptance criterion of ${story.story} (it defines: ${known})`,
          path: ['cases', index, 'covers', position],
          ...where,
        });
      });
    });
  }
  diagnostics.sort((a, b) => a.offset - b.offset);
  return { parsed, diagnostics };
}
