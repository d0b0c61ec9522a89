// The one way Casewright writes a file a person may also be editing (case files,
// state files, reports): read with a fingerprint, write a temporary file beside
// the target, flush it, and rename it over the target — atomic on one file
// system, so a reader or a crash never sees half a file — but only if the target
// still holds what was read. A file saved by someone else meanwhile is never
// overwritten: the caller re-reads and merges, or stops with a message.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { FileChangedError } from '../errors/file-changed-error.js';
import { decodeUtf8 } from './text-file.js';

/** A file as read for an update: its text (undefined: it did not exist) and a fingerprint of its bytes. */
export interface FileSnapshot {
  file: string;
  /** How the file is named in messages. */
  shown: string;
  text: string | undefined;
  /** sha256 of the bytes read; undefined when the file did not exist. */
  digest: string | undefined;
}

/** True for the `FileChangedError` of any bundle's copy of core. */
export function isFileChanged(error: unknown): error is FileChangedError {
  return FileChangedError.isInstance(error);
}

/** The sha256 of `bytes`, hex: what `fileDigest` gives for a file with these bytes. */
export const digestOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** sha256 of a file's bytes, streamed (constant memory); undefined when there is no file. */
export async function fileDigest(file: string): Promise<string | undefined> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return hash.digest('hex');
}

/**
 * Throws `FileChangedError` unless `file` still has the digest it had when it was read
 * (undefined: it did not exist). For writers that build the new file themselves and
 * rename it into place (the import), right before the rename.
 */
export async function assertUnchanged(file: string, digest: string | undefined, shown: string, message?: string): Promise<void> {
  if ((await fileDigest(file)) !== digest) throw new FileChangedError(shown, message);
}

/** Reads a text file (strict UTF-8, see `readTextFile`) for a later `writeFileAtomic(..., { expected })`. */
export async function readForUpdate(file: string, shown: string = file): Promise<FileSnapshot> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, shown, text: undefined, digest: undefined };
    throw error;
  }
  return { file, shown, text: decodeUtf8(bytes, shown), digest: digestOf(bytes) };
}

export interface WriteFileAtomicOptions {
  /**
   * The snapshot the new text was computed from: the write is refused with
   * `FileChangedError` when the file no longer holds it (or appeared since).
   * Without it the file is replaced whatever it holds (for files only Casewright writes).
   */
  expected?: FileSnapshot | undefined;
  /** File mode of a new file (e.g. 0o600 for secrets). */
  mode?: number | undefined;
}

/**
 * Writes `text` to `file` atomically (`text` may come in pieces, e.g. a large JSON written
 * without building one string of it): a temporary file in the same directory,
 * flushed to disk, then renamed over `file`. With `expected`, refuses to
 * overwrite a file that changed since it was read (`FileChangedError`).
 */
export async function writeFileAtomic(
  file: string,
  text: string | Uint8Array | Iterable<string>,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', options.mode ?? 0o666);
  try {
    if (typeof text === 'string' || text instanceof Uint8Array) await handle.writeFile(text);
    // Each piece goes on from where the last ended (writeFile on a handle writes from its position).
    else for (const piece of text) await handle.writeFile(piece);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    if (options.expected) await assertUnchanged(file, options.expected.digest, options.expected.shown);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Read–modify–write without losing anyone's edit: `update` gets the current text
 * (undefined: no file) and returns the new text (undefined: write nothing). When
 * the file changes between the read and the write, it is read again and `update`
 * runs again on the new text (so a merge keeps both edits), up to `attempts`
 * times; then `FileChangedError`. Returns whether the file was written.
 */
export async function updateFileAtomic(
  file: string,
  update: (text: string | undefined) => string | undefined | Promise<string | undefined>,
  options: { shown?: string | undefined; attempts?: number | undefined; mode?: number | undefined } = {},
): Promise<boolean> {
  const attempts = options.attempts ?? 5;
  for (let i = 1; ; i++) {
    const snapshot = await readForUpdate(file, options.shown ?? file);
    const next = await update(snapshot.text);
    if (next === undefined || next === snapshot.text) return false;
    try {
      await writeFileAtomic(file, next, { expected: snapshot, mode: options.mode });
      return true;
    } catch (error) {
      if (!isFileChanged(error) || i >= attempts) throw error;
    }
  }
}
