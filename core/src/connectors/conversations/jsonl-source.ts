import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { UsageError } from '../../errors/usage-error.js';
import type { ConversationFilter, ConversationRow, ConversationSource, Conversation } from './conversation-source.js';
import {
  decodeCursor,
  encodeCursor,
  isKeysetCursor,
  matchesFilter,
  resolveFilter,
  rowCap,
  sampleHash,
  type KeysetCursor,
  type ResolvedFilter,
} from './filter.js';
import { normalizeRow } from './normalize.js';

/** Where a JSONL scan stands: the next line to read and its byte offset, and rows emitted so far. */
interface LineCursor {
  line: number;
  offset: number;
  n: number;
}
const isLineCursor = (v: Record<string, unknown>): boolean =>
  typeof v.line === 'number' && typeof v.offset === 'number' && typeof v.n === 'number';

interface Line {
  /** 1-based line number. */
  number: number;
  offset: number;
  /** Byte offset of the next line. */
  next: number;
  text: string;
}

/**
 * Splits a file into lines with exact byte offsets (readline does not report
 * them, and a resumed import seeks to one). Blank lines are skipped.
 */
async function* readLines(file: string, start: { line: number; offset: number }, signal?: AbortSignal): AsyncGenerator<Line> {
  const stream = createReadStream(file, { start: start.offset, highWaterMark: 1 << 18 });
  let pending: Buffer | undefined;
  let offset = start.offset;
  let number = start.line;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      let buffer = pending ? Buffer.concat([pending, chunk]) : chunk;
      let from = 0;
      for (let nl = buffer.indexOf(10, from); nl >= 0; nl = buffer.indexOf(10, from)) {
        const end = nl > from && buffer[nl - 1] === 13 ? nl - 1 : nl;
        const text = buffer.toString('utf8', from, end);
        const lineOffset = offset + from;
        number++;
        from = nl + 1;
        if (text.trim() !== '') yield { number, offset: lineOffset, next: offset + from, text };
      }
      offset += from;
      buffer = buffer.subarray(from);
      pending = buffer.length > 0 ? Buffer.from(buffer) : undefined;
    }
    if (pending && pending.length > 0) {
      const text = pending.toString('utf8').replace(/\r$/, '');
      number++;
      if (text.trim() !== '') yield { number, offset, next: offset + pending.length, text };
    }
  } finally {
    stream.destroy();
  }
}

type Parsed = { conversation: Conversation } | { reason: string; conversationId?: string | undefined };

function parseLine(text: string): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { reason: `invalid JSON (${(error as Error).message})` };
  }
  return normalizeRow(raw);
}

export interface JsonlSourceOptions {
  /** The file to read (JSON Lines: one conversation object per line). */
  file: string;
  /** Shown in messages instead of the absolute path. */
  displayName?: string | undefined;
}

/**
 * The embedded default source: a JSON Lines file, streamed line by line (no
 * dependency, constant memory outside sampling). Each line is
 * `{id, model, timestamp, messages, metadata}`; `messages` and `metadata` may
 * also be JSON text, as in a BigQuery export. Rows come in file order; a
 * sample comes in sample order (see `ConversationFilter.sample`).
 */
export function createJsonlSource(options: JsonlSourceOptions): ConversationSource {
  const { file } = options;
  const location = options.displayName ?? file;

  async function checkFile(): Promise<number> {
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new UsageError(`${location}: not a file`);
      return info.size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`${location}: no such file`);
      throw error;
    }
  }

  /** The sample: every matching row's hash, sorted; then the first n read again by offset. */
  async function* sampled(filter: ResolvedFilter, cursor: KeysetCursor | undefined, signal?: AbortSignal): AsyncGenerator<ConversationRow> {
    const sample = filter.sample!;
    const cap = rowCap(filter)!;
    const candidates: { key: string; id: string; line: number; offset: number; length: number }[] = [];
    const here = cursor ? encodeCursor(cursor) : encodeCursor({ key: '', id: '', n: 0 });
    for await (const line of readLines(file, { line: 0, offset: 0 }, signal)) {
      const parsed = parseLine(line.text);
      if (!('conversation' in parsed)) {
        // Reported on the first pass only; a resumed sample already reported them.
        if (!cursor) yield { error: { row: line.number, reason: parsed.reason, conversationId: parsed.conversationId }, cursor: here };
        continue;
      }
      if (!matchesFilter(parsed.conversation, filter)) continue;
      candidates.push({
        key: sampleHash(sample.seed, parsed.conversation.id),
        id: parsed.conversation.id,
        line: line.number,
        offset: line.offset,
        length: line.next - line.offset,
      });
    }
    candidates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const chosen = candidates.slice(0, cap);
    let n = cursor?.n ?? 0;
    const rest = cursor ? chosen.filter((c) => c.key > cursor.key || (c.key === cursor.key && c.id > cursor.id)) : chosen;
    const handle = await open(file, 'r');
    try {
      for (const candidate of rest) {
        signal?.throwIfAborted();
        const buffer = Buffer.alloc(candidate.length);
        await handle.read(buffer, 0, candidate.length, candidate.offset);
        const parsed = parseLine(buffer.toString('utf8'));
        if (!('conversation' in parsed)) throw new Error(`${location} changed while it was read (offset ${candidate.offset})`);
        n++;
        yield {
          conversation: parsed.conversation,
          row: candidate.line,
          progress: n / chosen.length,
          cursor: encodeCursor({ key: candidate.key, id: candidate.id, n } satisfies KeysetCursor),
        };
      }
    } finally {
      await handle.close();
    }
  }

  async function* scan(
    filter: ResolvedFilter,
    cursor: LineCursor | undefined,
    size: number,
    signal?: AbortSignal,
  ): AsyncGenerator<ConversationRow> {
    const cap = rowCap(filter);
    let n = cursor?.n ?? 0;
    if (cap !== undefined && n >= cap) return;
    for await (const line of readLines(file, cursor ?? { line: 0, offset: 0 }, signal)) {
      const next = (): string => encodeCursor({ line: line.number, offset: line.next, n } satisfies LineCursor);
      const parsed = parseLine(line.text);
      if (!('conversation' in parsed)) {
        yield {
          error: { row: line.number, reason: parsed.reason, conversationId: parsed.conversationId },
          cursor: next(),
          progress: line.next / size,
        };
        continue;
      }
      if (!matchesFilter(parsed.conversation, filter)) continue;
      n++;
      yield {
        conversation: parsed.conversation,
        row: line.number,
        cursor: next(),
        progress: cap !== undefined ? Math.max(n / cap, line.next / size) : line.next / size,
      };
      if (cap !== undefined && n >= cap) return;
    }
  }

  return {
    kind: 'jsonl',
    location,
    countScans: true,
    async count(filter, signal) {
      const resolved = resolveFilter({ ...filter, cursor: undefined });
      await checkFile();
      let matches = 0;
      for await (const line of readLines(file, { line: 0, offset: 0 }, signal)) {
        const parsed = parseLine(line.text);
        if ('conversation' in parsed && matchesFilter(parsed.conversation, resolved)) matches++;
      }
      const cap = rowCap(resolved);
      return cap === undefined ? matches : Math.min(cap, matches);
    },
    async estimate() {
      // A local file is read whole, whatever the filter.
      return { bytes: await checkFile() };
    },
    query(filter: ConversationFilter, signal?: AbortSignal): AsyncIterable<ConversationRow> {
      const resolved = resolveFilter(filter);
      return {
        async *[Symbol.asyncIterator]() {
          const size = Math.max(1, await checkFile());
          if (resolved.sample) {
            const cursor = filter.cursor ? decodeCursor<KeysetCursor>(filter.cursor, isKeysetCursor) : undefined;
            yield* sampled(resolved, cursor && cursor.id === '' ? undefined : cursor, signal);
          } else {
            const cursor = filter.cursor ? decodeCursor<LineCursor>(filter.cursor, isLineCursor) : undefined;
            yield* scan(resolved, cursor, size, signal);
          }
        },
      };
    },
  };
}
