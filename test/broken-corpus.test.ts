// Every file of the broken corpus gets exactly the located, worded error in
// test/fixtures/broken-expected.txt (one line per file, as `casewright validate` prints it).
// Change that file only when a message is deliberately improved.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, parseCaseFile } from '@casewright/core';

const fixtures = path.resolve(import.meta.dirname, 'fixtures');
const expected = readFileSync(path.join(fixtures, 'broken-expected.txt'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => [line.slice(0, line.indexOf(':')), line] as const);

describe('messages for the broken corpus', () => {
  it('covers every broken file', () => {
    expect(expected.length).toBeGreaterThanOrEqual(20);
  });

  it.each(expected)('%s', (file, line) => {
    const parsed = parseCaseFile(readFileSync(path.join(fixtures, file), 'utf8'), file);
    const errors = parsed.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic);
    expect(errors).toEqual([line]);
  });
});
