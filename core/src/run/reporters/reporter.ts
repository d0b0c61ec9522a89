import type { CaseResult, RunResult } from '../../model/result.js';

export interface RunStartInfo {
  runId: string;
  startedAt: string;
  /** Cases that will be reported (including skipped ones). */
  total: number;
  repeat: number;
  concurrency: number;
  /** What the run knows before it starts, e.g. requirements no judge can check. */
  warnings?: readonly string[] | undefined;
}

/** Receives the run as it happens. Every method may be async; the runner awaits them in order. */
export interface Reporter {
  readonly name: string;
  /**
   * Called before any case runs: check that the output can be written (directory
   * exists or can be made, is writable, is not a file). Throw `UsageError` with
   * what and where when it cannot, so a long run never ends without its reports.
   */
  prepare?(): Promise<void>;
  onRunStart?(info: RunStartInfo): void | Promise<void>;
  /** A case finished (all its attempts). `done` counts finished cases. */
  onCaseEnd?(result: CaseResult, done: number, total: number): void | Promise<void>;
  /** The run finished (or was interrupted); write files here. */
  onRunEnd?(result: RunResult): void | Promise<void>;
  /** Files this reporter wrote (after onRunEnd). */
  readonly files?: readonly string[];
}
