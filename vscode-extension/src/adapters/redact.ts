/** Patterns of credentials that must never reach the log, even when we did not store them. */
const PATTERNS: RegExp[] = [
  /\bsk-(?:ant-|proj-)?[A-Za-z0-9_-]{12,}\b/g, // OpenAI / Anthropic keys
  /\bAIza[0-9A-Za-z_-]{20,}\b/g, // Google API keys
  /\bATATT[0-9A-Za-z_=-]{20,}\b/g, // Atlassian API tokens
  /\b((?:Bearer|Basic)\s+)[A-Za-z0-9._~+/=-]{8,}/gi, // Authorization header values
  /([?&](?:key|api_key|apikey|token|access_token)=)[^&\s]+/gi, // secrets in query strings
];

/**
 * Removes secrets from text before it is logged or shown: every known secret value
 * (the keys this session stored or read) and anything shaped like a credential.
 */
export function redact(text: string, knownSecrets: Iterable<string> = []): string {
  let out = text;
  for (const secret of knownSecrets) {
    // Short values would blank out ordinary words; real keys are long.
    if (secret.length >= 8) out = out.split(secret).join('••••');
  }
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (match, prefix: unknown) =>
      typeof prefix === 'string' && match.startsWith(prefix) ? `${prefix}••••` : '••••',
    );
  }
  return out;
}
