import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { CaseFileError } from '../errors/case-file-error.js';
import { parseCaseFile } from './case-file.js';
import type { TestCaseInput } from './case.js';
import type { Suite, SuiteInput } from './suite.js';

/** How case files are written: no line folding, so long prompts stay on one line. */
export const YAML_WRITE_OPTIONS = { lineWidth: 0, minContentWidth: 0, indentSeq: true, flowCollectionPadding: false } as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Writes `value` into the node at `path`, touching only what differs, so the
 * comments, order and quoting of everything else stay as the user wrote them.
 */
function applyValue(document: Document, path: (string | number)[], value: unknown): void {
  const node = document.getIn(path, true) as Node | undefined;
  if (isMap(node) && isPlainObject(value)) {
    const map = node as YAMLMap;
    for (const item of [...map.items]) {
      const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
      if (!(key in value) || value[key] === undefined) document.deleteIn([...path, key]);
    }
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      applyValue(document, [...path, key], child);
    }
    return;
  }
  if (isSeq(node) && Array.isArray(value)) {
    const seq = node as YAMLSeq;
    if (seq.items.length === value.length) {
      value.forEach((child, index) => applyValue(document, [...path, index], child));
      return;
    }
    if (seq.items.length < value.length && value.slice(0, seq.items.length).every((v, i) => deepEqual(v, toJS(seq.items[i])))) {
      for (const extra of value.slice(seq.items.length)) seq.add(document.createNode(extra));
      return;
    }
  }
  if (isScalar(node) && !isPlainObject(value) && !Array.isArray(value)) {
    if (node.value !== value) node.value = value;
    return;
  }
  document.setIn(path, document.createNode(value));
}

function toJS(node: unknown): unknown {
  return node && typeof node === 'object' && 'toJSON' in node ? (node as { toJSON(): unknown }).toJSON() : node;
}

function deepEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * An editable case file. Changes go through the YAML document, so writing it
 * back keeps the user's comments and formatting except on the lines that changed.
 */
export class CaseFileEditor {
  private constructor(
    readonly file: string,
    private readonly document: Document,
  ) {}

  /** Opens existing text; throws `CaseFileError` with located diagnostics if it is invalid. */
  static parse(text: string, file: string): CaseFileEditor {
    const parsed = parseCaseFile(text, file);
    if (!parsed.document || parsed.diagnostics.some((d) => d.severity === 'error')) {
      throw new CaseFileError(parsed.diagnostics);
    }
    return new CaseFileEditor(file, parsed.document);
  }

  /** A new file for a suite. */
  static create(suite: SuiteInput, file: string): CaseFileEditor {
    const document = parseDocument('{}');
    document.contents = document.createNode(suite) as Node as typeof document.contents;
    return new CaseFileEditor(file, document);
  }

  /** The cases as written (no defaults applied). */
  get rawCases(): TestCaseInput[] {
    const cases = this.document.get('cases');
    return isSeq(cases) ? (cases.toJSON() as TestCaseInput[]) : [];
  }

  /** The validated suite (defaults applied); throws `CaseFileError` if the edits made it invalid. */
  toSuite(): Suite {
    const parsed = parseCaseFile(this.toString(), this.file);
    if (!parsed.suite) throw new CaseFileError(parsed.diagnostics);
    return parsed.suite;
  }

  indexOf(id: string): number {
    return this.rawCases.findIndex((c) => typeof c.id === 'string' && c.id.toLowerCase() === id.toLowerCase());
  }

  /** Adds the case, or updates the case with the same id in place (only its changed fields). */
  upsertCase(testCase: TestCaseInput): 'added' | 'updated' | 'unchanged' {
    const index = this.indexOf(testCase.id);
    if (index < 0) {
      const cases = this.document.get('cases');
      if (isSeq(cases)) cases.add(this.document.createNode(testCase));
      else this.document.set('cases', this.document.createNode([testCase]));
      return 'added';
    }
    const before = this.rawCases[index];
    if (deepEqual(before, testCase)) return 'unchanged';
    applyValue(this.document, ['cases', index], testCase);
    return 'updated';
  }

  /** Sets one field of a case, e.g. `setField(id, ['stats'], {...})`. */
  setField(id: string, path: (string | number)[], value: unknown): void {
    const index = this.indexOf(id);
    if (index < 0) throw new Error(`no case with id ${id} in ${this.file}`);
    if (value === undefined) this.document.deleteIn(['cases', index, ...path]);
    else applyValue(this.document, ['cases', index, ...path], value);
  }

  removeCase(id: string): boolean {
    const index = this.indexOf(id);
    if (index < 0) return false;
    this.document.deleteIn(['cases', index]);
    return true;
  }

  setSuiteField(key: Exclude<keyof SuiteInput, 'cases'>, value: unknown): void {
    if (value === undefined) this.document.delete(key);
    else applyValue(this.document, [key], value);
  }

  toString(): string {
    return this.document.toString(YAML_WRITE_OPTIONS);
  }
}
