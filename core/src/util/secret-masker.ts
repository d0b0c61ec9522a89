/**
 * Masks secret values in everything a run writes: console lines, reports,
 * `last-run.json`, error messages. It knows secrets by value (keys from the key
 * store, `${ENV}` values expanded into a target, header values, and environment
 * variables whose names say they hold a credential), so a secret echoed by the app
 * under test, a proxy's error page or a crashing program is caught wherever it lands.
 */

/** Names of environment variables that hold credentials (`OPENAI_API_KEY`, `JIRA_API_TOKEN`, `DB_PASSWORD`, …). */
const SECRET_NAME =
  /(^|_)(KEY|API_?KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|CREDENTIALS?|AUTH|COOKIE|SESSION|PRIVATE)(_|$)|KEY$|TOKEN$|SECRET$/i;
/** Shorter values would blank out ordinary words; real secrets are long. */
const MIN_LENGTH = 8;
export const MASK = '***';

export interface SecretMasker {
  /** Adds secret values (short or empty ones are ignored). */
  add(...secrets: ReadonlyArray<string | undefined>): void;
  /** `text` with every known secret replaced by `***`. */
  mask(text: string): string;
  /** A copy of `value` with every string in it masked (objects and arrays walked). */
  maskDeep<T>(value: T): T;
  readonly size: number;
}

/** Values of environment variables whose names mark them as credentials. */
export function secretsFromEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => SECRET_NAME.test(name) && value !== undefined && value.trim().length >= MIN_LENGTH)
    .map(([, value]) => value!.trim());
}

export function createSecretMasker(initial: Iterable<string> = []): SecretMasker {
  const secrets = new Set<string>();
  // Longest first, so a secret that contains another is masked whole.
  let ordered: string[] = [];
  const add = (...values: ReadonlyArray<string | undefined>) => {
    let changed = false;
    for (const value of values) {
      const v = value?.trim();
      if (!v || v.length < MIN_LENGTH || secrets.has(v)) continue;
      secrets.add(v);
      changed = true;
    }
    if (changed) ordered = [...secrets].sort((a, b) => b.length - a.length);
  };
  add(...initial);
  const mask = (text: string) => {
    if (ordered.length === 0 || text.length < MIN_LENGTH) return text;
    let out = text;
    for (const secret of ordered) if (out.includes(secret)) out = out.split(secret).join(MASK);
    return out;
  };
  const maskDeep = <T>(value: T): T => {
    if (ordered.length === 0) return value;
    const walk = (v: unknown): unknown => {
      if (typeof v === 'string') return mask(v);
      if (Array.isArray(v)) return v.map(walk);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
      return v;
    };
    return walk(value) as T;
  };
  return {
    add,
    mask,
    maskDeep,
    get size() {
      return secrets.size;
    },
  };
}
