import { CasewrightError } from './casewright-error.js';

/**
 * A text or object call reached the `offline` provider: no API key is configured.
 * Callers that can work without a model (rule-based generation) check
 * `router.isOffline()` first; everyone else gets this message on how to add a key.
 */
export class OfflineModeError extends CasewrightError {
  static override readonly marker = Symbol.for('casewright.error.OfflineModeError');
  readonly requestedModel: string | undefined;

  constructor(requestedModel?: string) {
    const what = requestedModel ? `'${requestedModel}' resolves to the offline provider` : 'no LLM provider is configured';
    super(
      'OFFLINE',
      `${what}: no API key was found. Configure one of: an environment variable (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY), ` +
        '`casewright keys set <provider>` (the key is read from stdin and stored encrypted), or a provider with `apiKeyEnv` in casewright.config.yaml; ' +
        'see docs/providers.md',
    );
    this.name = 'OfflineModeError';
    this.requestedModel = requestedModel;
  }
}
