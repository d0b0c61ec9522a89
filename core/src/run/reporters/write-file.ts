import { mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../../errors/usage-error.js';
import { writeFileAtomic } from '../../util/atomic-write.js';

/** Writes a report atomically (temp file + rename), so a reader never sees half a file. */
export async function writeReport(file: string, text: string): Promise<void> {
  await writeFileAtomic(file, text);
}

/**
 * Checks, before a run, that reports can be written into `dir`: it is made if
 * missing, and a file is created and removed in it. Throws `UsageError` naming the
 * directory and the reason (a file in the way, no permission, a read-only disk).
 */
export async function prepareReportDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const probe = path.join(dir, `.casewright-write-check-${randomBytes(4).toString('hex')}`);
    const handle = await open(probe, 'wx');
    await handle.close();
    await rm(probe, { force: true });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const why =
      e.code === 'EEXIST' || e.code === 'ENOTDIR'
        ? 'a file is in the way (it must be a directory)'
        : e.code === 'EACCES' || e.code === 'EPERM'
          ? 'no permission to write there'
          : e.code === 'EROFS'
            ? 'the file system is read-only'
            : e.message;
    throw new UsageError(`cannot write reports to ${dir}: ${why}; nothing was run`);
  }
}
