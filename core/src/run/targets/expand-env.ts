import { UsageError } from '../../errors/usage-error.js';

/**
 * Expands `${NAME}` (and `${NAME:-default}`) from `env`. Returns the text and
 * the values it inserted, so error messages can mask them: header values and
 * URLs often carry keys.
 */
export function expandEnv(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  where: string,
): { text: string; secrets: string[] } {
  const secrets: string[] = [];
  const expanded = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_all, name: string, fallback: string | undefined) => {
    const value = env[name] ?? fallback;
    if (value === undefined) throw new UsageError(`${where}: environment variable ${name} is not set`);
    if (env[name] !== undefined && value.length >= 4) secrets.push(value);
    return value;
  });
  return { text: expanded, secrets };
}

/** Replaces every secret value in `text` with `***`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}
