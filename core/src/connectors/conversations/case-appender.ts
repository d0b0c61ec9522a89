import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, parse, parseDocument, stringify, type Pair } from 'yaml';
import { CaseFileError } from '../../errors/case-file-error.js';
import { CaseFileEditor, YAML_WRITE_OPTIONS } from '../../model/case-file-editor.js';
import { MAX_CASE_FILE_BYTES, parseCaseFile } from '../../model/case-file.js';
import { sourceKey, type ImportedCase } from './to-case.js';
import { decodeUtf8 } from '../../model/text-file.js';
import { assertUnchanged, fileDigest } from '../../model/atomic-write.js';
import { emitSequenceItem, type YamlValue } from './yaml-emit.js';

/**
 * Appends imported cases to a case file without ever leaving it half-written:
 * the new file is built in a temporary file beside it (the existing text,
 * untouched, then the new cases under `cases:`) and renamed over it, which is
 * atomic on one file system. The existing file is read through
 * `CaseFileEditor` (so an invalid file is refused with located errors before
 * anything is written); only its cases' source ids are kept in memory, so
 * 100,000 imported cases stream through at constant memory.
 */
export interface CaseAppender {
  /** Source keys (`conversationId` or `conversationId#turn`) already in the file or added. */
  has(key: string): boolean;
  add(testCase: ImportedCase): Promise<void>;
  /** Cases added since the file was opened. */
  readonly added: number;
  /** Makes the file hold every case added so far (atomically); the appender stays open. */
  checkpoint(): Promise<void>;
  /** Final checkpoint; closes the appender. Returns the size of the file written (0 when nothing changed). */
  finish(): Promise<number>;
  /** Drops the temporary file; the case file keeps its last checkpoint. */
  discard(): Promise<void>;
  /** What the case file holds as of the last checkpoint: enough to reopen it without reading it (see `resume`). */
  readonly committed: AppenderCheckpoint | undefined;
}

/**
 * The case file as the last checkpoint wrote it: its size, a digest of its bytes,
 * the column of its `- ` items, and the source keys of every case in it. An
 * import saves this with its cursor, so resuming reads this, not the whole file.
 */
export interface AppenderCheckpoint {
  bytes: number;
  digest: string;
  indent: number;
  keys: string[];
}

/** Up to this size, each checkpoint re-parses the whole new file as a last check. */
const VERIFY_MAX_BYTES = 1024 * 1024;

/** sha256 of the first `bytes` bytes of a file, streamed (constant memory). */
async function digestPrefix(file: string, bytes: number): Promise<string> {
  const hash = createHash('sha256');
  if (bytes > 0) for await (const chunk of createReadStream(file, { start: 0, end: bytes - 1 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Source keys of the cases in a tail of the file written after a checkpoint (our own emitted items). */
async function keysAfter(file: string, from: number, shown: string): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of createReadStream(file, { start: from })) chunks.push(chunk as Buffer);
  const tail = decodeUtf8(Buffer.concat(chunks), shown);
  if (!tail.trim()) return [];
  const items = parse(`cases:\n${tail}`) as { cases?: unknown[] } | null;
  return (items?.cases ?? []).map((c) => keyOf((c as { source?: unknown })?.source)).filter((k): k is string => k !== undefined);
}

/** The text the new cases are appended after, and the column their `- ` starts at. */
function appendableHeader(text: string): { header: string; indent: number } {
  const document = parseDocument(text, { keepSourceTokens: false });
  const root = document.contents;
  if (isMap(root)) {
    const items = root.items as Pair[];
    const index = items.findIndex((pair) => String((pair.key as { value?: unknown } | null)?.value ?? pair.key) === 'cases');
    const pair = items[index];
    const seq = pair?.value;
    if (pair && isSeq(seq) && seq.items.length > 0 && !seq.flow) {
      const start = seq.range?.[0] ?? 0;
      const indent = start - (text.lastIndexOf('\n', start - 1) + 1);
      // The common layout (and the one imports write): `cases:` is the last key, in block style.
      if (index === items.length - 1) return { header: text.endsWith('\n') ? text : `${text}\n`, indent };
      items.splice(index, 1);
      items.push(pair);
      return appendableHeader(document.toString(YAML_WRITE_OPTIONS));
    }
    if (pair) items.splice(index, 1);
    if (pair && isSeq(seq) && seq.items.length > 0) {
      // A non-empty flow sequence (`cases: [...]`): rewrite it in block style.
      seq.flow = false;
      items.push(pair);
      return appendableHeader(document.toString(YAML_WRITE_OPTIONS));
    }
    return { header: `${document.toString(YAML_WRITE_OPTIONS)}cases:\n`, indent: 2 };
  }
  throw new Error('a case file must be a mapping');
}

/** The start of a new case file: its top-level fields (suite, description, defaults) and `cases:`. */
function newFileHeader(top: Record<string, YamlValue>): string {
  return `${stringify(top, YAML_WRITE_OPTIONS)}cases:\n`;
}

/**
 * The text of a case file with `cases` added at the end of its `cases:` list: the
 * existing text stays exactly as written (comments, spacing, order), the new cases are
 * emitted in the file's list indentation. Without `existing`, a new file with `top`.
 */
export function appendCasesToText(existing: string | undefined, cases: readonly YamlValue[], top: Record<string, YamlValue>): string {
  const { header, indent } = existing !== undefined ? appendableHeader(existing) : { header: newFileHeader(top), indent: 2 };
  return header + cases.map((c) => emitSequenceItem(c, indent)).join('');
}

function keyOf(source: unknown): string | undefined {
  if (!source || typeof source !== 'object') return undefined;
  const { conversationId, turn } = source as { conversationId?: unknown; turn?: unknown };
  if (typeof conversationId !== 'string') return undefined;
  return sourceKey(conversationId, typeof turn === 'number' ? turn : undefined);
}

export interface OpenCaseAppenderOptions {
  /** The case file to add to (created when missing). */
  file: string;
  /** Shown in errors instead of the absolute path. */
  displayName?: string | undefined;
  /** Suite name and description of a new file. */
  suite: string;
  description?: string | undefined;
  /**
   * The checkpoint of an interrupted import into this file. When the file still
   * starts with exactly what that checkpoint wrote, it is not parsed: only cases
   * appended after the checkpoint are read. Otherwise the file is read as usual.
   */
  resume?: AppenderCheckpoint | undefined;
}

export async function openCaseAppender(options: OpenCaseAppenderOptions): Promise<CaseAppender> {
  const { file } = options;
  const shown = options.displayName ?? file;
  const keys = new Set<string>();
  let header: string | undefined;
  let indent = 2;
  let resumedBytes: number | undefined;
  const size0 = await stat(file).then(
    (s) => s.size,
    () => undefined,
  );
  const checkpoint = options.resume;
  if (checkpoint) {
    // The run that saved the checkpoint died: its temporary files (as large as the output) go.
    const base = path.basename(file);
    const stale = new RegExp(`^\\.${base.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.[0-9a-f]{8}\\.tmp(\\.[0-9a-f]{4})?$`);
    for (const name of await readdir(path.dirname(file)).catch(() => [] as string[]))
      if (stale.test(name)) await rm(path.join(path.dirname(file), name), { force: true });
  }
  if (
    checkpoint &&
    size0 !== undefined &&
    size0 >= checkpoint.bytes &&
    (await digestPrefix(file, checkpoint.bytes)) === checkpoint.digest
  ) {
    // The file is what the checkpoint wrote, maybe with cases appended after it: no full read.
    for (const key of checkpoint.keys) keys.add(key);
    for (const key of await keysAfter(file, checkpoint.bytes, shown)) keys.add(key);
    indent = checkpoint.indent;
    resumedBytes = size0;
  } else if (size0 !== undefined) {
    if (size0 > MAX_CASE_FILE_BYTES)
      throw new CaseFileError([
        {
          file: shown,
          severity: 'error',
          code: 'too-large',
          message: `the file is ${(size0 / 1048576).toFixed(1)} MiB and changed since the import's last checkpoint, so it would have to be read whole to avoid duplicates; import into a new file (--out)`,
          path: [],
          start: { line: 1, col: 1 },
          end: { line: 1, col: 1 },
          offset: 0,
          endOffset: 0,
        },
      ]);
    const existing = decodeUtf8(await readFile(file), shown);
    const editor = CaseFileEditor.parse(existing, shown);
    for (const testCase of editor.rawCases) {
      const key = keyOf((testCase as { source?: unknown }).source);
      if (key) keys.add(key);
    }
    ({ header, indent } = appendableHeader(existing));
  } else {
    header = newFileHeader({ suite: options.suite, ...(options.description ? { description: options.description } : {}) });
    indent = 2;
  }

  await mkdir(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  let handle: FileHandle | undefined;
  let size: number;
  if (resumedBytes !== undefined) {
    await copyFile(file, temp);
    handle = await open(temp, 'a');
    size = resumedBytes;
  } else {
    handle = await open(temp, 'w');
    await handle.write(header!);
    size = Buffer.byteLength(header!);
  }
  // What the output file holds as far as this import knows: a rename over anything else would lose an edit.
  let onDisk: string | undefined;
  const unchanged = () =>
    assertUnchanged(
      file,
      onDisk,
      shown,
      `${shown} changed while the import was writing to it; your version was kept and the import stopped — run it again to continue`,
    );
  let committedState: AppenderCheckpoint | undefined =
    resumedBytes !== undefined && checkpoint
      ? {
          bytes: resumedBytes,
          digest: resumedBytes === checkpoint.bytes ? checkpoint.digest : await digestPrefix(file, resumedBytes),
          indent,
          keys: [...keys],
        }
      : undefined;
  onDisk = committedState?.digest ?? (size0 === undefined ? undefined : await fileDigest(file));
  const snapshot = async (): Promise<AppenderCheckpoint> => ({
    bytes: size,
    digest: await digestPrefix(temp, size),
    indent,
    keys: [...keys],
  });
  let buffered: string[] = [];
  let bufferedBytes = 0;
  let added = 0;
  let committed = 0;

  async function flush(): Promise<void> {
    if (buffered.length === 0 || !handle) return;
    const chunk = buffered.join('');
    buffered = [];
    bufferedBytes = 0;
    await handle.write(chunk);
  }

  async function verify(): Promise<void> {
    // Every case is built by the importer from a validated case; a full re-parse is the last guard
    // while it stays cheap (a YAML document with positions takes ~20× its size in memory).
    if (size > VERIFY_MAX_BYTES) return;
    const text = decodeUtf8(await readFile(temp), shown);
    const parsed = parseCaseFile(text, shown);
    if (!parsed.suite) throw new CaseFileError(parsed.diagnostics);
  }

  async function discard(): Promise<void> {
    if (handle) await handle.close();
    handle = undefined;
    await rm(temp, { force: true });
  }

  return {
    has: (key) => keys.has(key),
    get added() {
      return added;
    },
    get committed() {
      return committedState;
    },
    async add(testCase) {
      if (!handle) throw new Error('the case appender is closed');
      const key = sourceKey(testCase.source.conversationId, testCase.source.turn);
      const text = emitSequenceItem(testCase as unknown as YamlValue, indent);
      keys.add(key);
      buffered.push(text);
      bufferedBytes += text.length;
      size += Buffer.byteLength(text);
      added++;
      if (bufferedBytes > 1 << 18) await flush();
    },
    async checkpoint() {
      if (!handle || added === committed) return;
      await flush();
      await handle.sync();
      await verify();
      const state = await snapshot();
      const copy = `${temp}.${randomBytes(2).toString('hex')}`;
      await copyFile(temp, copy);
      try {
        await unchanged();
        await rename(copy, file);
      } catch (error) {
        await rm(copy, { force: true });
        throw error;
      }
      committed = added;
      committedState = state;
      onDisk = state.digest;
    },
    async finish() {
      if (!handle) return 0;
      if (added === committed) {
        await discard();
        return committed > 0 ? size : 0;
      }
      await flush();
      await handle.sync();
      await handle.close();
      handle = undefined;
      try {
        await verify();
        await unchanged();
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      committed = added;
      return size;
    },
    discard,
  };
}
