import { htmlReport, openWorkspace, runCaseFiles, type KeyStore } from '@casewright/core';
import type { CaseRunner, CaseRunRequest, CaseRunSummary } from './case-runner.js';

export interface CoreRunnerOptions {
  /** Provider keys for model targets and judges (SecretStorage in the editor). */
  keyStore?: KeyStore | undefined;
  env?: Record<string, string | undefined> | undefined;
}

/**
 * Runs cases through core's run job, which resolves targets the way `casewright run` does
 * (`targets:` in `casewright.config.yaml` and `targets/*.yaml` files, or the target chosen
 * in the settings for every case). An undeclared target is reported on the cases that name
 * it; each case streams back as it finishes.
 */
export function createCoreRunner(options: CoreRunnerOptions = {}): CaseRunner {
  return {
    async run(request: CaseRunRequest): Promise<CaseRunSummary> {
      const ws = await openWorkspace({
        cwd: request.cwd,
        env: options.env ?? process.env,
        configFile: request.configFile,
        keyStore: options.keyStore,
      });
      let cost = 0;
      const { result } = await runCaseFiles(ws, {
        paths: request.files,
        target: request.target,
        unknownTargets: 'per-case',
        concurrency: request.concurrency,
        repeat: request.repeat,
        caseIds: request.caseIds,
        signal: request.signal,
        onCaseResult: (file, r) => {
          cost += r.cost ?? 0;
          request.onCaseResult(file, r);
        },
      });
      return { cost: result!.summary.cost || cost, reportHtml: htmlReport(result!, 'Casewright: last run') };
    },
  };
}
