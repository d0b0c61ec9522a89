import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaseFileEditor } from './case-file-editor.js';
import { CaseFileError } from '../errors/case-file-error.js';

const fixture = new URL('../../../test/fixtures/commented.cases.yaml', import.meta.url);
const text = readFileSync(fixture, 'utf8');

/** Lines that differ between two texts, as `-old` / `+new` entries in order (a plain LCS diff). */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      out.push(`+${b[j++]}`);
    } else {
      out.push(`-${a[i++]}`);
    }
  }
  return out;
}

describe('CaseFileEditor', () => {
  it('writes an untouched commented file back byte for byte', () => {
    expect(CaseFileEditor.parse(text, 'commented.cases.yaml').toString()).toBe(text);
  });

  it('changes only the edited line when one field of a case changes', () => {
    const editor = CaseFileEditor.parse(text, 'commented.cases.yaml');
    const [first] = editor.rawCases;
    const result = editor.upsertCase({ ...first!, title: 'A brand-new title', version: (first!.version ?? 1) + 1 });
    expect(result).toBe('updated');
    const diff = changedLines(text, editor.toString());
    expect(diff).toHaveLength(4);
    expect(diff.filter((l) => l.startsWith('+'))).toEqual(
      expect.arrayContaining([expect.stringContaining('title: A brand-new title'), expect.stringMatching(/version: \d+/)]),
    );
    // Every comment of the original survives.
    const comments = text.split('\n').filter((l) => l.trim().startsWith('#'));
    const after = editor.toString();
    for (const comment of comments) expect(after).toContain(comment.trim());
  });

  it('appends a new case without touching existing lines', () => {
    const editor = CaseFileEditor.parse(text, 'commented.cases.yaml');
    const id = 'c0ffee00-1234-4abc-8def-0123456789ab';
    expect(
      editor.upsertCase({ id, kind: 'manual', title: 'Added by the generator', steps: [{ action: 'Do it', expected: 'It works' }] }),
    ).toBe('added');
    const diff = changedLines(text, editor.toString());
    expect(diff.every((l) => l.startsWith('+'))).toBe(true);
    expect(diff.join('\n')).toContain(`id: ${id}`);
    expect(editor.toSuite().cases.at(-1)).toMatchObject({ id, title: 'Added by the generator', priority: 'medium' });
  });

  it('reports an unchanged upsert and keeps the text', () => {
    const editor = CaseFileEditor.parse(text, 'commented.cases.yaml');
    expect(editor.upsertCase(editor.rawCases[0]!)).toBe('unchanged');
    expect(editor.toString()).toBe(text);
  });

  it('removes a case by id', () => {
    const editor = CaseFileEditor.parse(text, 'commented.cases.yaml');
    const [first, ...rest] = editor.rawCases;
    expect(editor.removeCase(first!.id)).toBe(true);
    expect(editor.rawCases.map((c) => c.id)).toEqual(rest.map((c) => c.id));
    expect(editor.removeCase(first!.id)).toBe(false);
  });

  it('refuses to open an invalid file, with located diagnostics', () => {
    expect(() => CaseFileEditor.parse('suite: x\ncases: 3\n', 'bad.cases.yaml')).toThrow(CaseFileError);
    try {
      CaseFileEditor.parse('suite: x\ncases: 3\n', 'bad.cases.yaml');
    } catch (error) {
      expect((error as CaseFileError).message).toBe("bad.cases.yaml:2:8 'cases' must be a list, found number 3");
    }
  });

  it('creates a new file that validates', () => {
    const editor = CaseFileEditor.create({ suite: 'New', story: 'SHOP-1', cases: [] }, 'new.cases.yaml');
    editor.upsertCase({ id: 'c0ffee00-1234-4abc-8def-0123456789ab', kind: 'manual', title: 'T', steps: [{ action: 'a', expected: 'b' }] });
    expect(editor.toSuite()).toMatchObject({ suite: 'New', story: 'SHOP-1', cases: [{ title: 'T' }] });
  });
});
