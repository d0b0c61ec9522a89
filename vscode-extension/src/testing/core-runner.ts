import path from 'node:path';
import {
  createRouterFromConfig,
  createSuiteTargets,
  createTarget,
  discoverTargets,
  htmlReport,
  loadCaseFile,
  loadConfig,
  resolveTargetOption,
  runSuites,
  CaseFileError,
  type KeyStore,
  type RunnableSuite,
  type Target,
} from '@casewright/core';
import type { CaseRunner, CaseRunRequest, CaseRunSummary } from './case-runner.js';

export interface CoreRunnerOptions {
  /** Provider keys for model targets and judges (SecretStorage in the editor). */
  keyStore?: KeyStore | undefined;
  env?: Record<string, string | undefined> | undefined;
}

/**
 * Runs cases through core's `runSuites`, resolving targets the way `casewright run` does:
 * `targets:` in `casewright.config.yaml` and `targets/*.yaml` files, or the target chosen in
 * the settings for every case. Reporting streams each case back as it finishes.
 */
export function createCoreRunner(options: CoreRunnerOptions = {}): CaseRunner {
  const env = options.env ?? process.env;
  return {
    async run(request: CaseRunRequest): Promise<CaseRunSummary> {
      const cwd = request.cwd;
      const loaded = await loadConfig(cwd, request.configFile);
      const suites: RunnableSuite[] = [];
      const byShown = new Map<string, string>();
      for (const file of request.files) {
        const shown = path.relative(cwd, file) || file;
        const parsed = await loadCaseFile(file, shown);
        if (!parsed.suite) throw new CaseFileError(parsed.diagnostics);
        suites.push({ file: shown, suite: parsed.suite, dir: path.dirname(file) });
        byShown.set(shown, file);
      }
      const definitions = await discoverTargets({
        cwd,
        configTargets: loaded.config.targets,
        configDir: loaded.dir,
        configFile: loaded.file ? path.relative(cwd, loaded.file) : undefined,
        caseFiles: request.files,
      });
      const router = await createRouterFromConfig(loaded, { env, keyStore: options.keyStore });
      let override: Target | undefined;
      let targets = new Map<string, Target>();
      if (request.target) {
        override = createTarget(await resolveTargetOption(request.target, definitions, cwd), env, router);
      } else {
        // Unknown names are reported per case by the runner (TARGET_UNKNOWN), next to the case.
        targets = createSuiteTargets(suites, definitions, env, router).targets;
      }
      let cost = 0;
      const result = await runSuites({
        suites,
        target: override,
        targets,
        router,
        judge: loaded.config.judge,
        concurrency: request.concurrency,
        repeat: request.repeat,
        caseIds: request.caseIds,
        signal: request.signal,
        reporters: [
          {
            name: 'vscode',
            onCaseEnd(result) {
              cost += result.cost ?? 0;
              request.onCaseResult(byShown.get(result.file ?? '') ?? path.resolve(cwd, result.file ?? ''), result);
            },
          },
        ],
      });
      return { cost: result.summary.cost || cost, reportHtml: htmlReport(result, 'Casewright: last run') };
    },
  };
}
