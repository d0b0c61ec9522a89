import { writeFileAtomic } from '../../util/write-file-atomic.js';

/** Writes a report atomically (temp file + rename), so a reader never sees half a file. */
export async function writeReport(file: string, text: string): Promise<void> {
  await writeFileAtomic(file, text, { mkdir: true });
}
