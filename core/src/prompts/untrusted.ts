/**
 * Untrusted text (stories, conversations, model output) is fenced as data
 * wherever a template puts it. Values of variables declared `untrusted: true`
 * are wrapped before rendering, so even an org's override template that writes
 * `{{story.description}}` directly gets the fenced form: the fence is not a
 * template convention that an override could forget.
 */

export const DATA_OPEN = '<data>';
export const DATA_CLOSE = '</data>';

/** Neutralises anything in the text that could close or open a fence. */
export function neutralise(text: string): string {
  return text.replace(/<(\/?)(data|untrusted)\b/gi, '‹$1$2');
}

/** A string that renders as fenced data. */
export class UntrustedText {
  constructor(readonly raw: string) {}

  toString(): string {
    return `${DATA_OPEN}${neutralise(this.raw)}${DATA_CLOSE}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** Wraps every string inside `value` (except identifiers such as AC-3) (objects and arrays are walked; numbers and booleans stay). */
/** Identifiers we produce or validate (AC-3, SHOP-207, message roles) cannot carry instructions, so they stay plain. */
const IDENTIFIER = /^(AC-[1-9][0-9]*|[A-Z][A-Z0-9_]+-[1-9][0-9]*|system|user|assistant)$/;

export function wrapUntrusted(value: unknown): unknown {
  if (typeof value === 'string') return IDENTIFIER.test(value) ? value : new UntrustedText(value);
  if (Array.isArray(value)) return value.map(wrapUntrusted);
  if (value !== null && typeof value === 'object' && !(value instanceof UntrustedText)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrapUntrusted(v)]));
  }
  return value;
}
