import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Writes a report atomically (temp file + rename), so a reader never sees half a file. */
export async function writeReport(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}
