import { CasewrightError } from '../../errors/casewright-error.js';

/**
 * A Jira call that failed: HTTP status plus Jira's own `errorMessages` / `errors`
 * (the shape every Jira Cloud REST v3 error body has). Never carries request
 * headers, so the API token cannot leak through a logged error.
 */
export class JiraError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.JiraError');
  readonly status: number;
  readonly method: string;
  readonly path: string;
  readonly jiraMessages: readonly string[];

  constructor(input: { status: number; method: string; path: string; messages?: readonly string[]; message?: string }) {
    const detail = input.messages && input.messages.length > 0 ? `: ${input.messages.join('; ')}` : '';
    super(
      input.status === 401 ? 'JIRA_AUTH' : input.status === 403 ? 'JIRA_FORBIDDEN' : input.status === 404 ? 'JIRA_NOT_FOUND' : 'JIRA',
      input.message ?? `Jira ${input.method} ${input.path} failed with ${input.status}${detail}`,
    );
    this.name = 'JiraError';
    this.status = input.status;
    this.method = input.method;
    this.path = input.path;
    this.jiraMessages = input.messages ?? [];
  }

  /** Reads `{errorMessages: string[], errors: {field: message}}` from a Jira error body. */
  static messagesOf(body: unknown): string[] {
    if (typeof body !== 'object' || body === null) return typeof body === 'string' && body ? [body.slice(0, 300)] : [];
    const b = body as { errorMessages?: unknown; errors?: unknown; message?: unknown };
    const out: string[] = [];
    if (Array.isArray(b.errorMessages)) out.push(...b.errorMessages.filter((m): m is string => typeof m === 'string'));
    if (b.errors && typeof b.errors === 'object') {
      for (const [field, msg] of Object.entries(b.errors as Record<string, unknown>)) out.push(`${field}: ${String(msg)}`);
    }
    if (out.length === 0 && typeof b.message === 'string') out.push(b.message);
    return out;
  }
}
