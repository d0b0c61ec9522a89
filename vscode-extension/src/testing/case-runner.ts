import type { CaseResult } from '@casewright/core';

/** What the Test Explorer asks the runner for. */
export interface CaseRunRequest {
  /** Absolute paths of the case files. */
  files: string[];
  /** Case ids (lower case) to run; undefined runs every case of the files. */
  caseIds: ReadonlySet<string> | undefined;
  /** Target name or file from the settings; undefined uses the config / suite default. */
  target: string | undefined;
  repeat: number;
  concurrency: number;
  /** The workspace folder: `casewright.config.yaml` and relative paths resolve here. */
  cwd: string;
  configFile: string | undefined;
  signal: AbortSignal;
  onCaseStarted(file: string, caseId: string): void;
  onCaseResult(file: string, result: CaseResult): void;
}

export interface CaseRunSummary {
  cost: number;
  /** The HTML report of the run, when the runner wrote one. */
  reportHtml: string | undefined;
}

/** The port the Test Explorer runs cases through; the implementation calls core's runner. */
export interface CaseRunner {
  run(request: CaseRunRequest): Promise<CaseRunSummary>;
}

/** Raised when this build has no runner; the message is shown to the user as is. */
export class FeatureUnavailableError extends Error {
  constructor(feature: string) {
    super(`${feature} is not available in this build of Casewright`);
    this.name = 'FeatureUnavailableError';
  }
}
