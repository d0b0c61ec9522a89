import { FileChangedError } from '../errors/file-changed-error.js';
import { readForUpdate, writeFileAtomic } from '../model/atomic-write.js';

/** A case file's text (strict UTF-8: `EncodingError` at file:line:col otherwise), or undefined when there is none yet. */
export async function readCaseFileText(file: string, shown: string = file): Promise<string | undefined> {
  return (await readForUpdate(file, shown)).text;
}

/**
 * Every case file a job writes goes through here, over core's one atomic write
 * (`writeFileAtomic`: temporary file, flush, rename) and only when the file still holds
 * what the job read (`previous`, undefined for a file that did not exist), so an edit
 * saved meanwhile is never overwritten (`FileChangedError`). Jobs that can merge use
 * `updateFileAtomic` instead, which re-reads and merges.
 */
export async function writeCaseFile(file: string, text: string, options: { previous: string | undefined; shown?: string }): Promise<void> {
  const shown = options.shown ?? file;
  const now = await readForUpdate(file, shown);
  if (now.text !== options.previous) throw new FileChangedError(shown);
  await writeFileAtomic(file, text, { expected: now });
}
