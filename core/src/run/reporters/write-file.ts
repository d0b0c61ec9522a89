import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { UsageError } from '../../errors/usage-error.js';
import { writeFileAtomic } from '../../model/atomic-write.js';

/** Writes a report atomically (temp file + rename), so a reader never sees half a file. */
export async function writeReport(file: string, text: string): Promise<void> {
  await writeFileAtomic(file, text);
}

/**
 * Writes a report atomically from pieces (temp file + rename), so a report of
 * 100,000 cases never has to exist as one string in memory.
 */
export async function writeReportPieces(file: string, pieces: Iterable<string>): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx');
  try {
    let buffer: string[] = [];
    let size = 0;
    for (const piece of pieces) {
      buffer.push(piece);
      size += piece.length;
      if (size > 1 << 20) {
        await handle.write(buffer.join(''));
        buffer = [];
        size = 0;
      }
    }
    if (buffer.length) await handle.write(buffer.join(''));
    await handle.sync();
    await handle.close();
    await rename(temp, file);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * `JSON.stringify(value, null, 2)` as pieces, byte for byte the same, with the array
 * under `key` written one element at a time.
 */
export function* prettyJsonPieces(value: Record<string, unknown>, key: string): Generator<string> {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
  const nest = (v: unknown, indent: string) => JSON.stringify(v, null, 2).replace(/\n/g, `\n${indent}`);
  yield '{';
  for (const [i, [k, v]] of entries.entries()) {
    yield `${i ? ',' : ''}\n  ${JSON.stringify(k)}: `;
    if (k === key && Array.isArray(v)) {
      if (v.length === 0) {
        yield '[]';
        continue;
      }
      yield '[';
      for (const [j, item] of v.entries()) yield `${j ? ',' : ''}\n    ${nest(item, '    ')}`;
      yield '\n  ]';
    } else yield nest(v, '  ');
  }
  yield entries.length ? '\n}' : '}';
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
