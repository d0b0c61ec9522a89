/** Parses `choices[0].message.content` or `choices.0.message.content` into segments. */
export function parseResponsePath(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.')) {
    if (part === '') continue;
    segments.push(/^\d+$/.test(part) ? Number(part) : part);
  }
  return segments;
}

/** Reads `path` from a JSON value; undefined when any step is missing. */
export function readPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
