import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface WriteFileAtomicOptions {
  /** File mode of a new file (e.g. 0o600 for secrets). */
  mode?: number | undefined;
  /** Create the parent directory first. */
  mkdir?: boolean | undefined;
}

/**
 * Writes a file through a temporary file beside it and a rename, so a reader (an
 * editor, a watcher, a crash) never sees half of it. The temporary name is unique per
 * call, so two writers in one process never share one. The one atomic write of core.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteFileAtomicOptions = {}): Promise<void> {
  if (options.mkdir) await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data, options.mode === undefined ? undefined : { mode: options.mode });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
