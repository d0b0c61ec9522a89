/**
 * Numeric limits in criteria ("at least 8 characters", "up to 5 attempts",
 * "within 30 minutes", "a minimum order of 20.00") and the boundary values a
 * tester should try below, at and above each limit.
 */

/** min/max are inclusive; `exclusive-*` are "more than" / "less than"; `deadline` is "arrives within N minutes". */
export type LimitKind = 'min' | 'max' | 'exclusive-min' | 'exclusive-max' | 'deadline';

export interface NumericLimit {
  kind: LimitKind;
  value: number;
  /** Decimal places as written ("20.00" → 2), so boundary values keep the same precision. */
  decimals: number;
  /** The word after the number ("characters", "attempts", "minutes", "EUR"), or '' when none. */
  unit: string;
  /** The matched words, e.g. "at least 8 characters". */
  phrase: string;
  /** Offset of the phrase in the criterion text. */
  index: number;
  /** True for units of time (the limit is on elapsed time). */
  time: boolean;
}

export interface BoundaryValue {
  position: 'below' | 'at' | 'above';
  value: number;
  /** The value as the tester types it ("19.99", "7"). */
  text: string;
  /** Whether the value is inside the allowed range (or, for a trigger, makes the trigger true). */
  inside: boolean;
}

const WORD_NUMBERS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  sixty: 60,
  hundred: 100,
};
const NUM = String.raw`(?:[€$£]\s?)?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?(?![.]\d)|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|sixty|hundred)`;
const UNIT = String.raw`(?:\s*(%|[A-Za-z][A-Za-z-]*))?`;
const TIME_UNITS = /^(ms|milliseconds?|seconds?|secs?|s|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|years?)$/i;
const NOT_UNITS = new Set([
  'and',
  'or',
  'of',
  'per',
  'to',
  'in',
  'the',
  'a',
  'an',
  'for',
  'long',
  'at',
  'on',
  'with',
  'must',
  'should',
  'shall',
  'can',
  'cannot',
  'will',
  'may',
  'is',
  'are',
  'be',
  'has',
  'have',
  'when',
  'if',
  'after',
  'before',
  'that',
  'which',
  'including',
  'inclusive',
  'total',
  'otherwise',
  'then',
  'from',
  'by',
]);

interface Pattern {
  re: RegExp;
  kind: LimitKind | 'within' | 'range' | 'validity';
}

// Order matters: longer phrases first so "no more than" is not read as "more than".
const PATTERNS: Pattern[] = [
  { re: new RegExp(String.raw`\bbetween\s+${NUM}(?:\s*(?:[A-Za-z%]+))?\s+and\s+${NUM}${UNIT}`, 'gi'), kind: 'range' },
  { re: new RegExp(String.raw`\b(?:no|not)\s+(?:more|greater|longer)\s+than\s+${NUM}${UNIT}`, 'gi'), kind: 'max' },
  { re: new RegExp(String.raw`\b(?:no|not)\s+(?:fewer|less|shorter)\s+than\s+${NUM}${UNIT}`, 'gi'), kind: 'min' },
  { re: new RegExp(String.raw`\bat\s+least\s+${NUM}${UNIT}`, 'gi'), kind: 'min' },
  { re: new RegExp(String.raw`\b(?:a\s+)?minimum(?:\s+[a-z]+)?(?:\s+of)?\s+${NUM}${UNIT}`, 'gi'), kind: 'min' },
  { re: new RegExp(String.raw`\bmin(?:imum)?\.?\s+${NUM}${UNIT}`, 'gi'), kind: 'min' },
  {
    re: new RegExp(String.raw`\b(?:at\s+most|up\s+to|limited\s+to|max(?:imum)?\.?(?:\s+[a-z]+)?(?:\s+of)?)\s+${NUM}${UNIT}`, 'gi'),
    kind: 'max',
  },
  { re: new RegExp(String.raw`\bwithin\s+${NUM}${UNIT}`, 'gi'), kind: 'within' },
  // "expires after 72 hours", "stays logged in for 30 days", "works for 14 days": how long something stays usable.
  { re: new RegExp(String.raw`\b(?:after|for)\s+${NUM}${UNIT}`, 'gi'), kind: 'validity' },
  { re: new RegExp(String.raw`\b(?:more|greater|longer)\s+than\s+${NUM}${UNIT}`, 'gi'), kind: 'exclusive-min' },
  { re: new RegExp(String.raw`\b(?:over|above|exceeds?|exceeding)\s+${NUM}${UNIT}`, 'gi'), kind: 'exclusive-min' },
  { re: new RegExp(String.raw`\b(?:less|fewer|shorter)\s+than\s+${NUM}${UNIT}`, 'gi'), kind: 'exclusive-max' },
  { re: new RegExp(String.raw`\b(?:below|under)\s+${NUM}${UNIT}`, 'gi'), kind: 'exclusive-max' },
];

function toNumber(raw: string): { value: number; decimals: number } {
  const lower = raw.toLowerCase();
  if (lower in WORD_NUMBERS) return { value: WORD_NUMBERS[lower] as number, decimals: 0 };
  // "10,000" is ten thousand; "20,00" (a decimal comma) is twenty.
  const normal = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(raw) ? raw.replace(/,/g, '') : raw.replace(',', '.');
  const decimals = normal.includes('.') ? (normal.split('.')[1] ?? '').length : 0;
  return { value: Number(normal), decimals };
}

function cleanUnit(unit: string | undefined): string {
  if (!unit) return '';
  return NOT_UNITS.has(unit.toLowerCase()) ? '' : unit;
}

/** A negation just before a phrase flips it: "cannot be more than 5" is a maximum. */
function negatedBefore(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 24), index).toLowerCase();
  return /\b(cannot|can't|can not|must not|may not|not be|never|no)\s+(?:be\s+|have\s+|contain\s+|exceed\s+)?$/.test(before);
}

/** Words that make a number a version, a port or a code rather than a limit. */
const VERSION_LIKE =
  /\b(v|version|release|node|ios|android|api|sdk|level|port|http|chrome|firefox|safari|edge|java|python|php|ruby|go|rfc|iso|cve|step|phase|sprint)\s*\d|\d+\.\d+\.\d+/i;
/** Before "after/for N <time>": something that stays usable until then. */
const VALIDITY = /\b(expir\w*|valid|stays?|remains?|works?|kept|logged in|active|available|usable|locked|blocked|times? out)\b[^.;]*$/i;

/** "can be returned within", "may cancel within": a window the user acts in. */
const USER_WINDOW = /\b(can|may|must|allowed to|able to)\s+(?:be\s+)?(?:[\w-]+\s+){1,3}$/i;

const CONJOINED = new RegExp(String.raw`^\s+and\s+${NUM}\s+([A-Za-z][A-Za-z-]*)`, 'i');

const FLIP: Partial<Record<LimitKind, LimitKind>> = { 'exclusive-min': 'max', 'exclusive-max': 'min' };

const cache = new Map<string, NumericLimit[]>();

/** Finds the numeric limits of a criterion, in text order, one per value and unit. */
export function findLimits(text: string): NumericLimit[] {
  // The rules ask about the same sentences several times; the answer depends on the text only.
  const hit = cache.get(text);
  if (hit) return hit.map((l) => ({ ...l }));
  const limits = scanLimits(text);
  if (cache.size > 2_000) cache.clear();
  cache.set(text, limits);
  return limits.map((l) => ({ ...l }));
}

function scanLimits(text: string): NumericLimit[] {
  const found: NumericLimit[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (a: number, b: number) => taken.some(([s, e]) => a < e && b > s);
  for (const { re, kind } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const start = m.index;
      const end = start + m[0].length;
      if (overlaps(start, end)) continue;
      taken.push([start, end]);
      if (kind === 'range') {
        const lo = toNumber(m[1] ?? '0');
        const hi = toNumber(m[2] ?? '0');
        const unit = cleanUnit(m[3]);
        const time = TIME_UNITS.test(unit);
        found.push({ kind: 'min', ...lo, unit, phrase: m[0], index: start, time });
        found.push({ kind: 'max', ...hi, unit, phrase: m[0], index: start, time });
        continue;
      }
      const { value, decimals } = toNumber(m[1] ?? '0');
      const unit = cleanUnit(m[2]);
      const time = TIME_UNITS.test(unit);
      // Version numbers, ports and codes are not limits: "minimum version 14", "at least Node 20", "up to 1.2.3".
      if (VERSION_LIKE.test(m[0]) || /^[.]\d/.test(text.slice(end))) continue;
      let limitKind: LimitKind;
      if (kind === 'validity') {
        if (!time || !VALIDITY.test(text.slice(Math.max(0, start - 60), start))) continue;
        limitKind = 'exclusive-max';
      } else if (kind === 'within') {
        // "expires within 30 minutes" limits how long something stays valid; "arrives within 5 minutes" is a deadline.
        // "returned within 30 days" is a window the value must fall in (inclusive maximum).
        // A window the user acts in ("can be returned within 30 days") is a maximum; anything else the system does is a deadline.
        if (/\b(expir|valid|time\s?out|lock|session|remain|stay)/i.test(text)) limitKind = 'exclusive-max';
        else if (USER_WINDOW.test(text.slice(0, start))) limitKind = 'max';
        else limitKind = 'deadline';
      } else {
        limitKind = negatedBefore(text, start) ? (FLIP[kind] ?? kind) : kind;
      }
      found.push({ kind: limitKind, value, decimals, unit, phrase: m[0].trim(), index: start, time });
      // "at least one letter and one digit": the conjoined item has the same kind of limit.
      const rest = text.slice(end);
      const conj = CONJOINED.exec(rest);
      if (conj && (limitKind === 'min' || limitKind === 'max')) {
        const extra = toNumber(conj[1] ?? '0');
        const cs = end;
        const ce = end + conj[0].length;
        taken.push([cs, ce]);
        found.push({ kind: limitKind, ...extra, unit: cleanUnit(conj[2]), phrase: conj[0].trim(), index: cs, time: false });
      }
    }
  }
  found.sort((a, b) => a.index - b.index);
  // One limit per value and unit: "a minimum order of 20.00 ... drops below 20.00" is one boundary.
  const seen = new Set<string>();
  return found.filter((l) => {
    const key = `${l.value}|${l.unit.toLowerCase()}`;
    const keyNoUnit = `${l.value}|`;
    if (seen.has(key) || (l.unit === '' && [...seen].some((k) => k.startsWith(keyNoUnit))) || seen.has(keyNoUnit)) return false;
    seen.add(key);
    return true;
  });
}

/** Formats a boundary value with the limit's precision. */
export function formatValue(value: number, decimals: number): string {
  return value.toFixed(decimals);
}

/**
 * The values to try for a limit: one step below, at, and one step above (a
 * step is 1, or 0.01 for "20.00"). Values below zero are dropped, and so is
 * "above" for "at least one" (two of something adds nothing). A deadline gives
 * only the value at the limit: arrival "before" a deadline cannot be forced.
 */
export function boundaryValues(limit: NumericLimit): BoundaryValue[] {
  const step = 10 ** -limit.decimals;
  const round = (v: number) => Number(v.toFixed(limit.decimals));
  const candidates: Array<[BoundaryValue['position'], number]> = [
    ['below', round(limit.value - step)],
    ['at', limit.value],
    ['above', round(limit.value + step)],
  ];
  const inside = (v: number): boolean => {
    switch (limit.kind) {
      case 'min':
        return v >= limit.value;
      case 'max':
      case 'deadline':
        return v <= limit.value;
      case 'exclusive-min':
        return v > limit.value;
      case 'exclusive-max':
        return v < limit.value;
    }
  };
  return candidates
    .filter(
      ([position, v]) =>
        v >= 0 && !(limit.kind === 'deadline' && position !== 'at') && !(limit.kind === 'min' && limit.value <= 1 && position === 'above'),
    )
    .map(([position, v]) => ({ position, value: v, text: formatValue(v, limit.decimals), inside: inside(v) }));
}
