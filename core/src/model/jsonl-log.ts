/**
 * Append-only JSON-lines logs (`.casewright/decisions.jsonl`, `.casewright/judge-queue.jsonl`):
 * one `write` of one line per entry; a line torn by a crash or a bad merge is skipped with a
 * warning that names it, never an error, and the next entry starts on a line of its own.
 */
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';

/** Appends `value` as one JSON line (creating the folder and file when needed). */
export async function appendJsonLine(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const line = `${JSON.stringify(value)}\n`;
  await appendFile(file, (await endsWithNewline(file)) ? line : `\n${line}`, 'utf8');
}

async function endsWithNewline(file: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/** Parses JSON lines against a schema; unreadable ones become warnings (`file:7: not a decision (…); skipped`). */
export function parseJsonLines<T>(text: string, shown: string, schema: z.ZodType<T>, noun: string): { entries: T[]; warnings: string[] } {
  const entries: T[] = [];
  const warnings: string[] = [];
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const torn = index === lines.length - 1;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      warnings.push(`${shown}:${index + 1}: ${torn ? 'an unfinished last line (written while interrupted?)' : 'not JSON'}; skipped`);
      return;
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) entries.push(parsed.data);
    else {
      const issue = parsed.error.issues[0];
      warnings.push(`${shown}:${index + 1}: not ${noun} (${issue?.path.join('.') || 'line'}: ${issue?.message}); skipped`);
    }
  });
  return { entries, warnings };
}

/** The text of a log, or undefined when the file does not exist. */
export async function readLog(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
