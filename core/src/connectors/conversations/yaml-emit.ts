/**
 * A small, fast YAML emitter for the JSON-like values an import writes (strings,
 * numbers, booleans, arrays, plain objects). The `yaml` library's `stringify`
 * takes about 200 µs per imported case, 20 s for 100,000 conversations; this
 * emits the same block style (`indentSeq`, no line folding) in a few µs. What it
 * writes parses back to the same value under YAML 1.2's core schema (the schema
 * case files are read with); a property test holds it to that.
 */

/** A value the emitter can write. `undefined` members of objects are left out. */
export type YamlValue = string | number | boolean | null | undefined | readonly YamlValue[] | { readonly [key: string]: YamlValue };

// Words and numbers a plain scalar would resolve to under YAML 1.2 core (and the
// 1.1 booleans, so other tools reading the file do not see `yes` as true).
const RESERVED = /^(?:true|false|null|~|yes|no|on|off|y|n)$/i;
const NUMBER_LIKE = /^[+.]?[0-9]|^\.(?:inf|nan)$/i;
// A plain scalar may not start with an indicator, hold `: ` or ` #`, end in `:` or a space, or
// hold anything but printable characters (no C0/C1 controls, NEL, line/paragraph separators, BOM).
const PLAIN_START = /^[^\s\-?:,[\]{}#&*!|>'"%@`]/;
// eslint-disable-next-line no-control-regex
const NON_PRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;
const TRAILING = /[\s:]$/;

function isPlain(text: string): boolean {
  return (
    text.length > 0 &&
    PLAIN_START.test(text) &&
    !TRAILING.test(text) &&
    // `includes` is much faster than a regex alternation over long message texts.
    !text.includes(': ') &&
    !text.includes(' #') &&
    !NON_PRINTABLE.test(text) &&
    !(text.length <= 5 && RESERVED.test(text)) &&
    !NUMBER_LIKE.test(text)
  );
}

/** Multi-line text as a literal block (`|`), kept readable, when it can round-trip exactly. */
function literalBlock(text: string, indent: string): string | undefined {
  if (!text.includes('\n') || text.includes('\r')) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text)) return undefined;
  const body = text.replace(/\n+$/, '');
  const trailing = text.length - body.length;
  const lines = body.split('\n');
  const firstContent = lines.find((line) => line.length > 0);
  // A leading space on the first content line would change the detected indentation.
  if (firstContent === undefined || firstContent.startsWith(' ') || firstContent.startsWith('\t')) return undefined;
  if (lines[0] === '') return undefined;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  const tail = trailing > 1 ? '\n'.repeat(trailing - 1) : '';
  return `|${chomp}\n${lines.map((line) => (line.length > 0 ? indent + line : '')).join('\n')}\n${tail}`;
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? '.nan' : value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  // JSON's double-quoted escapes are valid YAML double-quoted escapes.
  return isPlain(value) ? value : JSON.stringify(value);
}

function isObject(value: YamlValue): value is { readonly [key: string]: YamlValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const keys = new Map<string, string>();
function key(name: string): string {
  let written = keys.get(name);
  if (written === undefined) {
    written = isPlain(name) ? name : JSON.stringify(name);
    if (keys.size < 1000) keys.set(name, written);
  }
  return written;
}

/** Appends `value` as the value of a mapping key or sequence entry; `indent` is the parent's indentation. */
function emitValue(value: YamlValue, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push(' []\n');
      return;
    }
    out.push('\n');
    emitSequence(value, `${indent}  `, out);
    return;
  }
  if (isObject(value)) {
    if (!hasDefined(value)) {
      out.push(' {}\n');
      return;
    }
    out.push('\n');
    emitMapping(value, `${indent}  `, out);
    return;
  }
  if (typeof value === 'string') {
    const block = literalBlock(value, `${indent}  `);
    if (block !== undefined) {
      out.push(` ${block}`);
      return;
    }
  }
  out.push(` ${scalar(value as string | number | boolean | null)}\n`);
}

function hasDefined(value: { readonly [key: string]: YamlValue }): boolean {
  for (const name in value) if (value[name] !== undefined) return true;
  return false;
}

function emitMapping(value: { readonly [key: string]: YamlValue }, indent: string, out: string[], firstInline = false): void {
  let first = firstInline;
  for (const name in value) {
    const child = value[name];
    if (child === undefined || !Object.hasOwn(value, name)) continue;
    out.push(first ? `${key(name)}:` : `${indent}${key(name)}:`);
    first = false;
    emitValue(child, indent, out);
  }
}

function emitSequence(items: readonly YamlValue[], indent: string, out: string[]): void {
  for (const item of items) {
    if (isObject(item) && hasDefined(item)) {
      out.push(`${indent}- `);
      emitMapping(item, `${indent}  `, out, true);
      continue;
    }
    if (Array.isArray(item) && item.length > 0) {
      out.push(`${indent}-\n`);
      emitSequence(item, `${indent}  `, out);
      continue;
    }
    out.push(`${indent}-`);
    emitValue(item, indent, out);
  }
}

/**
 * One entry of a block sequence (`- key: value ...`), indented by `indent`
 * spaces, ending with a newline: what an import appends under `cases:`.
 */
export function emitSequenceItem(value: YamlValue, indent: number): string {
  const out: string[] = [];
  emitSequence([value], ' '.repeat(indent), out);
  return out.join('');
}
