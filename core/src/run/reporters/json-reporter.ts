import path from 'node:path';
import type { RunResult } from '../../model/result.js';
import type { Reporter } from './reporter.js';
import { prepareReportDir, writeReport } from './write-file.js';

/** Writes the whole run result as `results.json` (the format `--baseline` and `--rerun-failed` read). */
export function createJsonReporter(outDir: string, fileName = 'results.json'): Reporter {
  const files: string[] = [];
  return {
    name: 'json',
    files,
    prepare: () => prepareReportDir(outDir),
    async onRunEnd(result: RunResult) {
      const file = path.join(outDir, fileName);
      await writeReport(file, `${JSON.stringify(result, null, 2)}\n`);
      files.push(file);
    },
  };
}
