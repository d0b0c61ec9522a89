import path from 'node:path';
import type { RunResult } from '../../model/result.js';
import type { Reporter } from './reporter.js';
import { prepareReportDir, prettyJsonPieces, writeReportPieces } from './write-file.js';

/** Writes the whole run result as `results.json` (the format `--baseline` and `--rerun-failed` read). */
export function createJsonReporter(outDir: string, fileName = 'results.json'): Reporter {
  const files: string[] = [];
  return {
    name: 'json',
    files,
    prepare: () => prepareReportDir(outDir),
    async onRunEnd(result: RunResult) {
      const file = path.join(outDir, fileName);
      // Written case by case: the whole run as one string would be the run's biggest allocation.
      await writeReportPieces(
        file,
        (function* () {
          yield* prettyJsonPieces(result as unknown as Record<string, unknown>, 'cases');
          yield '\n';
        })(),
      );
      files.push(file);
    },
  };
}
