/** What makes a file a case file. */
export const CASE_FILE_SUFFIX = '.cases.yaml';

/** Folders that hold copies or tools, never the user's cases: build output, dependencies, VCS, test tooling. */
const EXCLUDED_DIRS = ['node_modules', '.git', 'dist', 'out', 'coverage', '.e2e', '.vscode-test'];

/** The `findFiles` exclude glob for every workspace-wide search of case files (tree, Jira push). */
export const CASE_FILE_EXCLUDE = `{${EXCLUDED_DIRS.map((d) => `**/${d}/**`).join(',')}}`;

/** URI schemes whose documents are the workspace's own files; `git:`, `vscode-scm:`, diff sides and the like are views of them. */
const WORKSPACE_SCHEMES = new Set(['file', 'vscode-remote', 'vscode-vfs']);

/**
 * Whether a document is one of the workspace's case files, the only ones the Testing view and
 * the diagnostics follow. A `git:` diff of a case file, a file under `dist/` or outside every
 * workspace folder is not: following it put ghost items and problems nobody could remove.
 */
export function isWorkspaceCaseFile(uri: { scheme: string; path: string }, inWorkspaceFolder: boolean): boolean {
  if (!WORKSPACE_SCHEMES.has(uri.scheme) || !inWorkspaceFolder || !uri.path.endsWith(CASE_FILE_SUFFIX)) return false;
  const segments = uri.path.split('/');
  return !segments.slice(0, -1).some((s) => EXCLUDED_DIRS.includes(s));
}
