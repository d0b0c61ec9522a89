import { readdir, stat } from 'node:fs/promises';
import { EncodingError } from '../errors/encoding-error.js';
import { readTextFile } from './text-file.js';
import path from 'node:path';
import { UsageError } from '../errors/usage-error.js';
import { CASE_FILE_SUFFIX, MAX_CASE_FILE_BYTES, parseCaseFile, type ParsedCaseFile } from './case-file.js';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out', '.vscode-test', 'coverage']);

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** A case file over the size limit (on disk, or an editor's text given in its place) is refused before it is parsed. */
export function checkCaseFileSize(bytes: number, displayName: string): void {
  if (bytes > MAX_CASE_FILE_BYTES) {
    throw new UsageError(
      `${displayName}: the file is ${formatBytes(bytes)}; case files are limited to ${formatBytes(MAX_CASE_FILE_BYTES)} — split the suite into several files`,
    );
  }
}

/** Reads and validates one case file from disk. Throws `UsageError` when it cannot be read at all. */
export async function loadCaseFile(file: string, displayName: string = file): Promise<ParsedCaseFile> {
  let info;
  try {
    info = await stat(file);
  } catch {
    throw new UsageError(`${displayName}: no such file`);
  }
  if (info.isDirectory()) throw new UsageError(`${displayName}: is a directory, expected a case file`);
  checkCaseFileSize(info.size, displayName);
  let text: string;
  try {
    text = await readTextFile(file, displayName);
  } catch (error) {
    if (!(error instanceof EncodingError)) throw error;
    // Not UTF-8: one located error, and nothing downstream (which might write the file back) gets the text.
    const at = { line: error.line, col: error.col };
    return {
      ...parseCaseFile('', displayName),
      data: undefined,
      document: undefined,
      suite: undefined,
      diagnostics: [
        {
          file: displayName,
          severity: 'error',
          code: 'encoding',
          message: error.message.slice(error.message.indexOf(' ') + 1),
          path: [],
          start: at,
          end: at,
          offset: 0,
          endOffset: 0,
        },
      ],
    };
  }
  return parseCaseFile(text, displayName);
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walk(full, out);
    } else if (entry.isFile() && entry.name.endsWith(CASE_FILE_SUFFIX)) {
      out.push(full);
    }
  }
}

/**
 * Expands files and directories into case files (`*.cases.yaml`, searched
 * recursively in directories), as absolute paths. A path that does not exist, or a directory
 * without case files, is a `UsageError`. Files named explicitly are kept even
 * without the suffix.
 */
export async function findCaseFiles(paths: readonly string[], cwd: string = process.cwd()): Promise<string[]> {
  const found: string[] = [];
  for (const p of paths) {
    let info;
    try {
      info = await stat(path.resolve(cwd, p));
    } catch {
      throw new UsageError(`${p}: no such file or directory`);
    }
    if (info.isDirectory()) {
      const inDir: string[] = [];
      await walk(path.resolve(cwd, p), inDir);
      if (inDir.length === 0) throw new UsageError(`${p}: no case files (*${CASE_FILE_SUFFIX}) in this directory`);
      found.push(...inDir);
    } else {
      found.push(path.resolve(cwd, p));
    }
  }
  return [...new Set(found)];
}
