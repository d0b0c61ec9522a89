/** The parts of a diagnostic the fixes read (core's `Diagnostic`, or the editor's copy of it). */
export interface FixableDiagnostic {
  /** `case-id` for a missing or malformed case id (see `diagnosticCode`), else core's code. */
  code: string;
  message: string;
  /** 0-based line and character of the diagnostic's start and end. */
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** One edit of a line range: `text` replaces characters [start, end) of `line`. */
export interface LineEdit {
  line: number;
  start: number;
  end: number;
  text: string;
}

export interface CaseFileFix {
  title: string;
  preferred: boolean;
  edits: LineEdit[];
}

/** core's wording for an unknown key with a close known one (`humanize`). */
const UNKNOWN_FIELD = /^unknown field '([^']+)' \(did you mean '([^']+)'\?\)$/;

/**
 * The code the editor gives a core diagnostic: `case-id` for a case's missing or malformed
 * id (the ones "Generate a case id" repairs), core's own code otherwise.
 */
export function diagnosticCode(d: { code: string; path: readonly (string | number)[] }): string {
  const caseId = d.code === 'schema' && d.path.length === 3 && d.path[0] === 'cases' && typeof d.path[1] === 'number' && d.path[2] === 'id';
  return caseId ? 'case-id' : d.code;
}

/**
 * The quick fixes for a diagnostic of a case file:
 * - an unknown key with a close known one (`idd:`, `titel:`): rename the key, keeping its
 *   value — for `idd:` that keeps the id Jira and the run history follow;
 * - a missing or malformed case id: generate a fresh UUID.
 * Anything else has no fix.
 */
export function caseFileFixes(d: FixableDiagnostic, lineText: (line: number) => string, newId: () => string): CaseFileFix[] {
  const unknown = d.code === 'schema' ? UNKNOWN_FIELD.exec(d.message) : null;
  if (unknown) {
    const [, key, suggestion] = unknown;
    const text = lineText(d.start.line);
    // The diagnostic covers the key as written; rename exactly that.
    if (text.slice(d.start.character, d.end.character) !== key) return [];
    return [
      {
        title: `Rename '${key}' to '${suggestion}'`,
        preferred: true,
        edits: [{ line: d.start.line, start: d.start.character, end: d.end.character, text: suggestion! }],
      },
    ];
  }
  if (d.code !== 'case-id') return [];
  const id = newId();
  const line = d.start.line;
  const text = lineText(line);
  const idKey = /^(\s*(?:-\s+)?)id:/.exec(text);
  if (idKey) {
    // A malformed id: replace its value.
    const start = idKey[0].length;
    return [{ title: 'Generate a case id', preferred: true, edits: [{ line, start, end: text.length, text: ` ${id}` }] }];
  }
  // A missing id: the diagnostic points at the case's first key; add `id:` before it.
  const indent = d.start.character;
  const edit = /-\s+$/.test(text.slice(0, indent))
    ? { line, start: indent, end: indent, text: `id: ${id}\n${' '.repeat(indent)}` }
    : { line, start: 0, end: 0, text: `${' '.repeat(indent)}id: ${id}\n` };
  return [{ title: 'Generate a case id', preferred: true, edits: [edit] }];
}
