// Reading text files strictly: bytes that are not UTF-8 are an error located at
// file:line:col, never replaced with U+FFFD (writing such text back would destroy
// the original characters, e.g. `Grüße` saved as Latin-1).
import { readFile } from 'node:fs/promises';
import { EncodingError } from '../errors/encoding-error.js';

const strict = new TextDecoder('utf-8', { fatal: true });

/** The byte offset of the first invalid UTF-8 sequence in `bytes`, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Decodes UTF-8 strictly (a leading BOM is dropped); throws `EncodingError` at the first invalid byte. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return strict.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    const offset = at < 0 ? bytes.length : at;
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      if (bytes[i] === 0x0a) {
        line++;
        lineStart = i + 1;
      }
    }
    // Columns count characters, as editors show them.
    const col = [...strict.decode(bytes.subarray(lineStart, offset))].length + 1;
    throw new EncodingError(file, line, col);
  }
}

/** Reads a text file as strict UTF-8; `shown` names it in errors. */
export async function readTextFile(file: string, shown: string = file): Promise<string> {
  return decodeUtf8(await readFile(file), shown);
}
