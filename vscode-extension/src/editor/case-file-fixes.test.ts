import { describe, expect, it } from 'vitest';
import { parseCaseFile, type Diagnostic } from '@casewright/core';
import { analyzeCaseFile } from './case-file-analysis.js';
import { caseFileFixes, diagnosticCode, type LineEdit } from './case-file-fixes.js';

const ID = '0f6c3c52-4d0e-4a8e-9f1e-1b2c3d4e5f60';
const NEW = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

/** The fixes for the file's diagnostics, each applied to the text, as the editor would. */
function fixed(text: string): { title: string; diagnostic: string; after: string }[] {
  const lines = text.split('\n');
  return analyzeCaseFile(text, 'f.cases.yaml').diagnostics.flatMap((d: Diagnostic) =>
    caseFileFixes(
      {
        code: diagnosticCode(d),
        message: d.message,
        start: { line: d.start.line - 1, character: d.start.col - 1 },
        end: { line: d.end.line - 1, character: d.end.col - 1 },
      },
      (n) => lines[n]!,
      () => NEW,
    ).map((fix) => ({ title: fix.title, diagnostic: d.message, after: apply(lines, fix.edits) })),
  );
}

function apply(lines: string[], edits: LineEdit[]): string {
  const out = [...lines];
  for (const e of edits) out[e.line] = out[e.line]!.slice(0, e.start) + e.text + out[e.line]!.slice(e.end);
  return out.join('\n');
}

const manual = (first: string) => `suite: S
cases:
  - ${first}
    title: Refund form opens
    kind: manual
    steps:
      - action: Open an order
        expected: A Refund button is shown
`;

describe('case file quick fixes', () => {
  it("renames a typo'd id key and keeps the id (it never mints a new one)", () => {
    const fixes = fixed(manual(`idd: ${ID}`));
    expect(fixes.map((f) => [f.title, f.diagnostic])).toEqual([["Rename 'idd' to 'id'", "unknown field 'idd' (did you mean 'id'?)"]]);
    const after = parseCaseFile(fixes[0]!.after, 'f');
    expect(after.diagnostics).toEqual([]);
    expect(after.suite?.cases[0]?.id).toBe(ID);
  });

  it('generates an id where it is missing or malformed, and nowhere else', () => {
    const missing = fixed(manual('title: Refund form opens').replace('    title: Refund form opens\n', ''));
    expect(missing.map((f) => f.title)).toEqual(['Generate a case id']);
    expect(parseCaseFile(missing[0]!.after, 'f').suite?.cases[0]?.id).toBe(NEW);
    const malformed = fixed(manual('id: nope'));
    expect(malformed.map((f) => f.title)).toEqual(['Generate a case id']);
    expect(parseCaseFile(malformed[0]!.after, 'f').suite?.cases[0]?.id).toBe(NEW);
    // A message that merely mentions 'id' is not a case-id problem.
    const other = fixed(
      manual(`id: ${ID}`).replace('kind: manual', "kind: manual\n    description: The 'id' field is fine\n    priority: urgent"),
    );
    expect(other).toEqual([]);
  });

  it('renames any unknown key to the one core suggests', () => {
    const fixes = fixed(manual(`id: ${ID}`).replace('    title:', '    titel:'));
    expect(fixes.map((f) => f.title)).toEqual(["Rename 'titel' to 'title'"]);
    expect(parseCaseFile(fixes[0]!.after, 'f').suite?.cases[0]?.title).toBe('Refund form opens');
  });
});
