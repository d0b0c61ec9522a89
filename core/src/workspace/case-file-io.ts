import { readFile } from 'node:fs/promises';
import { UsageError } from '../errors/usage-error.js';
import { writeFileAtomic } from '../util/write-file-atomic.js';

/** A case file's text, or undefined when there is none yet. */
export async function readCaseFileText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Every case file a job writes goes through here: atomically (temporary file and
 * rename), and only when the file still holds what the job read (`previous`, undefined
 * for a file that did not exist), so an edit saved meanwhile is never overwritten.
 */
export async function writeCaseFile(file: string, text: string, options: { previous: string | undefined; shown?: string }): Promise<void> {
  const now = await readCaseFileText(file);
  if (now !== options.previous)
    throw new UsageError(
      `${options.shown ?? file} changed on disk while Casewright was working on it; nothing was written to it (run the command again)`,
    );
  await writeFileAtomic(file, text);
}
