import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { Reporter } from './reporter.js';
import { prepareReportDir } from './write-file.js';

/**
 * The JSON lines of a run, wherever they go: one `{"type":"start"}` line, one
 * `{"type":"case", ...}` line per finished case, and a closing `{"type":"end", summary}`.
 */
function jsonlLines(
  write: (line: string) => Promise<void>,
  hooks: { open?(): void; close?(): Promise<void> } = {},
): Pick<Reporter, 'onRunStart' | 'onCaseEnd' | 'onRunEnd'> {
  const line = (value: unknown) => write(`${JSON.stringify(value)}\n`);
  return {
    async onRunStart(info) {
      hooks.open?.();
      await line({ type: 'start', ...info });
    },
    async onCaseEnd(result) {
      await line({ type: 'case', ...result });
    },
    async onRunEnd(result) {
      await line({
        type: 'end',
        runId: result.runId,
        finishedAt: result.finishedAt,
        interrupted: result.interrupted ?? false,
        summary: result.summary,
        baseline: result.baseline,
      });
      await hooks.close?.();
    },
  };
}

/**
 * Streams `results.jsonl` while the run goes (see `jsonlLines` for the lines).
 * A run that is killed hard still leaves every case that finished.
 */
export function createJsonlReporter(outDir: string, fileName = 'results.jsonl'): Reporter {
  const file = path.join(outDir, fileName);
  const files: string[] = [];
  let stream: WriteStream | undefined;
  return {
    name: 'jsonl',
    files,
    prepare: () => prepareReportDir(outDir),
    ...jsonlLines((text) => new Promise<void>((resolve, reject) => stream!.write(text, (error) => (error ? reject(error) : resolve()))), {
      open() {
        mkdirSync(outDir, { recursive: true });
        stream = createWriteStream(file);
        files.push(file);
      },
      close: () => new Promise<void>((resolve) => stream!.end(resolve)),
    }),
  };
}

/**
 * The same JSON lines written as they happen to `write` (standard output for
 * `casewright run --reporter jsonl --out -`), for tools that follow a run live, such as
 * the VS Code extension, which runs the CLI in a child process.
 */
export function createJsonlStreamReporter(write: (text: string) => void): Reporter {
  return { name: 'jsonl', ...jsonlLines(async (text) => write(text)) };
}
