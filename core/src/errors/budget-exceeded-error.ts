import { CasewrightError } from './casewright-error.js';

/** A call would exceed (estimate) or has exceeded (actual) an org's monthly LLM budget. */
export class BudgetExceededError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.BudgetExceededError');
  readonly org: string;
  readonly month: string;
  readonly limitUsd: number;
  readonly spentUsd: number;
  /** What the refused call was estimated to cost (0 when raised after a call). */
  readonly requestedUsd: number;
  readonly phase: 'estimate' | 'actual';

  constructor(options: {
    org: string;
    month: string;
    limitUsd: number;
    spentUsd: number;
    requestedUsd: number;
    phase: 'estimate' | 'actual';
  }) {
    const fmt = (n: number) => `$${n.toFixed(4)}`;
    const message =
      options.phase === 'estimate'
        ? `monthly LLM budget of ${fmt(options.limitUsd)} for org '${options.org}' (${options.month}) would be exceeded: spent ${fmt(options.spentUsd)}, this call is estimated at ${fmt(options.requestedUsd)}; raise budgets.monthlyUsd in casewright.config.yaml or wait for next month`
        : `monthly LLM budget of ${fmt(options.limitUsd)} for org '${options.org}' (${options.month}) is exhausted: spent ${fmt(options.spentUsd)}; raise budgets.monthlyUsd in casewright.config.yaml or wait for next month`;
    super('BUDGET_EXCEEDED', message);
    this.name = 'BudgetExceededError';
    this.org = options.org;
    this.month = options.month;
    this.limitUsd = options.limitUsd;
    this.spentUsd = options.spentUsd;
    this.requestedUsd = options.requestedUsd;
    this.phase = options.phase;
  }
}
