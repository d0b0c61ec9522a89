import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isSeq, parseDocument, stringify, type Pair } from 'yaml';
import { CaseFileError } from '../../errors/case-file-error.js';
import { CaseFileEditor, YAML_WRITE_OPTIONS } from '../../model/case-file-editor.js';
import { MAX_CASE_FILE_BYTES, parseCaseFile } from '../../model/case-file.js';
import { sourceKey, type ImportedCase } from './to-case.js';
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
}

export async function openCaseAppender(options: OpenCaseAppenderOptions): Promise<CaseAppender> {
  const { file } = options;
  const shown = options.displayName ?? file;
  let existing: string | undefined;
  try {
    existing = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const keys = new Set<string>();
  let header: string;
  let indent: number;
  if (existing !== undefined) {
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
  let handle: FileHandle | undefined = await open(temp, 'w');
  await handle.write(header);
  let size = Buffer.byteLength(header);
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
    // Every case is built by the importer; a full re-parse is the last guard while it stays cheap.
    if (size > MAX_CASE_FILE_BYTES) return;
    const text = await readFile(temp, 'utf8');
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
      const copy = `${temp}.${randomBytes(2).toString('hex')}`;
      await copyFile(temp, copy);
      await rename(copy, file);
      committed = added;
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
