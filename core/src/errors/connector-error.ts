import { CasewrightError } from './casewright-error.js';

/**
 * A data source refused or failed a request (BigQuery: missing table, no
 * permission, quota, the cost guard). `status` is the HTTP status when there
 * was one, `reason` the service's own reason code (`notFound`, `accessDenied`,
 * `quotaExceeded`...). The message says what to do; it never holds credentials.
 */
export class ConnectorError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.ConnectorError');
  readonly source: string;
  readonly status: number | undefined;
  readonly reason: string | undefined;

  constructor(
    source: string,
    message: string,
    details: { status?: number | undefined; reason?: string | undefined; cause?: unknown } = {},
  ) {
    super('CONNECTOR', message, { cause: details.cause });
    this.name = 'ConnectorError';
    this.source = source;
    this.status = details.status;
    this.reason = details.reason;
  }
}
