/** A position in a file; line and column are 1-based. */
export interface Position {
  line: number;
  col: number;
}

/** A located finding in a case file. */
export interface Diagnostic {
  file: string;
  severity: 'error' | 'warning';
  /** Stable code, e.g. `yaml-syntax`, `schema`, `duplicate-id`, `no-assertions`. */
  code: string;
  message: string;
  /** Data path inside the document, e.g. `['cases', 2, 'title']`. */
  path: (string | number)[];
  start: Position;
  end: Position;
  /** 0-based character offsets, for editors. */
  offset: number;
  endOffset: number;
}

/** `file:line:col message` — the format every CLI error uses. */
export function formatDiagnostic(d: Diagnostic): string {
  const prefix = d.severity === 'warning' ? 'warning: ' : '';
  return `${d.file}:${d.start.line}:${d.start.col} ${prefix}${d.message}`;
}
