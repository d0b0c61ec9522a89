import { describe, expect, it } from 'vitest';
import { CASE_FILE_EXCLUDE, isWorkspaceCaseFile } from './case-files.js';

describe('isWorkspaceCaseFile', () => {
  it.each([
    [{ scheme: 'file', path: '/repo/support.cases.yaml' }, true, true],
    [{ scheme: 'vscode-remote', path: '/repo/cases/support.cases.yaml' }, true, true],
    // A git diff's left side, an SCM view, a conflict side: views of a file, not the file.
    [{ scheme: 'git', path: '/repo/support.cases.yaml' }, true, false],
    [{ scheme: 'vscode-scm', path: '/repo/support.cases.yaml' }, true, false],
    [{ scheme: 'casewright-jira', path: '/SHOP-1.cases.yaml' }, false, false],
    // Build output and dependencies hold copies.
    [{ scheme: 'file', path: '/repo/dist/support.cases.yaml' }, true, false],
    [{ scheme: 'file', path: '/repo/node_modules/pkg/support.cases.yaml' }, true, false],
    // Outside every workspace folder, or not a case file.
    [{ scheme: 'file', path: '/elsewhere/support.cases.yaml' }, false, false],
    [{ scheme: 'file', path: '/repo/support.yaml' }, true, false],
  ])('%o (in a workspace folder: %s) → %s', (uri, inFolder, expected) => {
    expect(isWorkspaceCaseFile(uri, inFolder)).toBe(expected);
  });

  it('excludes the same folders from workspace searches', () => {
    expect(CASE_FILE_EXCLUDE).toBe('{**/node_modules/**,**/.git/**,**/dist/**,**/out/**,**/coverage/**,**/.e2e/**,**/.vscode-test/**}');
  });
});
