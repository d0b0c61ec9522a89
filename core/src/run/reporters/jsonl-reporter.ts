import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import type { Reporter } from './reporter.js';
import { prepareReportDir } from './write-file.js';

/**
 * Streams `results.jsonl` while the run goes: one `{"type":"start"}` line, one
 * `{"type":"case", ...}` line per finished case, and a closing `{"type":"end", summary}`.
 * A run that is killed hard still leaves every case that finished.
 */
export function createJsonlReporter(outDir: string, fileName = 'results.jsonl'): Reporter {
  const file = path.join(outDir, fileName);
  const files: string[] = [];
  let stream: WriteStream | undefined;
  const write = (value: unknown) =>
    new Promise<void>((resolve, reject) => stream!.write(`${JSON.stringify(value)}\n`, (error) => (error ? reject(error) : resolve())));
  return {
    name: 'jsonl',
    files,
    prepare: () => prepareReportDir(outDir),
    async onRunStart(info) {
      mkdirSync(outDir, { recursive: true });
      stream = createWriteStream(file);
      files.push(file);
      await write({ type: 'start', ...info });
    },
    async onCaseEnd(result) {
      await write({ type: 'case', ...result });
    },
    async onRunEnd(result) {
      await write({
        type: 'end',
        runId: result.runId,
        finishedAt: result.finishedAt,
        interrupted: result.interrupted ?? false,
        summary: result.summary,
        baseline: result.baseline,
      });
      await new Promise<void>((resolve) => stream!.end(resolve));
    },
  };
}
