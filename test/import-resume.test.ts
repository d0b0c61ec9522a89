// An import killed at any moment (SIGKILL: no chance to save) resumes from its own
// checkpoint (ids seen, byte offset and digest of the case file), never by parsing
// the whole output: every run here has a small heap that a full parse of the
// ~40 MB output would blow. In the end every conversation is there exactly once.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importStatePath } from '../core/src/connectors/conversations/import-task.js';
import { generateConversations } from '../scripts/generate-conversations.mjs';

const root = path.resolve(import.meta.dirname, '..');
const tsx = pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href;
const helper = path.join(root, 'test/helpers/run-import.ts');
const COUNT = 30_000;
const HEAP_MB = 160;

async function writeJsonl(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  for (const conversation of generateConversations(count, 7)) {
    if (!out.write(`${JSON.stringify(conversation)}\n`)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
}

/** Runs the import; kills it (SIGKILL) once the saved state says `killAt` conversations were processed. */
function importUntil(
  jsonl: string,
  out: string,
  killAt?: number,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  const state = importStatePath({ sourceSpec: `jsonl:${jsonl}`, filter: {}, out });
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', tsx, helper, jsonl, out, '150'], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll =
      killAt === undefined
        ? undefined
        : setInterval(() => {
            try {
              const processed = (JSON.parse(readFileSync(state, 'utf8')) as { counts: { processed: number } }).counts.processed;
              if (processed >= killAt) child.kill('SIGKILL');
            } catch {
              // not written yet, or being replaced
            }
          }, 20);
    child.on('close', (code, signal) => {
      if (poll) clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('import resume', () => {
  it(`${COUNT} conversations killed at three points finish on the next run: no duplicates, none missing, small heap`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cw-resume-'));
    const jsonl = path.join(dir, 'conversations.jsonl');
    const out = path.join(dir, 'imported.cases.yaml');
    await writeJsonl(jsonl, COUNT);
    const kills = [];
    for (const at of [2_000, 11_000, 23_000]) kills.push(await importUntil(jsonl, out, at));
    // Each run was really killed mid-way (not finished on its own).
    for (const k of kills) expect(k.signal, k.stderr).toBe('SIGKILL');
    const last = await importUntil(jsonl, out);
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);
    const summary = JSON.parse(last.stdout) as { resumed: boolean; imported: number; failed: number; maxRssMb: number };
    expect(summary.resumed).toBe(true);
    const ids = [...readFileSync(out, 'utf8').matchAll(/conversationId: (conv-\d+)/g)].map((m) => m[1]);
    expect(ids.length).toBe(COUNT - summary.failed);
    expect(new Set(ids).size).toBe(ids.length);
    expect(existsSync(importStatePath({ sourceSpec: `jsonl:${jsonl}`, filter: {}, out }))).toBe(false);
    // The killed runs' temporary files (each as large as the output) were cleaned up.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp') || /\.tmp\./.test(f))).toEqual([]);
  }, 300_000);
});
