import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CaseFileEditor } from '../model/case-file-editor.js';
import { parseCaseFile } from '../model/case-file.js';
import type { TestCaseInput } from '../model/case.js';
import { DuplicateIndex, fingerprint, similarity, SIMILARITY_THRESHOLD } from './dedupe.js';
import { generateCases } from './generate-cases.js';
import { mergeIntoCaseFile } from './merge.js';
import { parseMarkdownStory } from './story/markdown-story.js';

const story = parseMarkdownStory(readFileSync(new URL('../../../examples/stories/password-reset.md', import.meta.url), 'utf8'), {
  file: 'password-reset.md',
});

function manualCase(id: string, title: string, steps: Array<[string, string]>, covers = ['AC-1']): TestCaseInput {
  return { id, title, kind: 'manual', covers, steps: steps.map(([action, expected]) => ({ action, expected })) };
}

describe('near-duplicate detection', () => {
  const a = manualCase('3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b10', 'Login page shows the Forgot password link', [
    ['Open the login page', 'A "Forgot password?" link is shown'],
  ]);
  it.each([
    [
      'the same title in another case and punctuation',
      manualCase('3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b11', 'login page shows the forgot-password link.', [['x', 'y']]),
      true,
    ],
    [
      'the same steps with one word changed',
      manualCase('3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b12', 'Login page shows the Forgot password link!', [
        ['Open the login page', 'A "Forgot password?" link is shown'],
      ]),
      true,
    ],
    [
      'another boundary value',
      manualCase('3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b13', 'Password with 8 characters', [
        ['Enter a password with 8 characters', 'accepted'],
      ]),
      false,
    ],
    [
      'the negation of the same check',
      manualCase('3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b14', 'Login page does not show the Forgot password link', [
        ['Open the login page', 'A "Forgot password?" link is not shown'],
      ]),
      false,
    ],
  ])('%s → duplicate: %s', (_name, other, duplicate) => {
    const index = new DuplicateIndex([a]);
    expect(index.find(other) !== undefined).toBe(duplicate);
  });

  it('tells boundary cases apart by their numbers even when the words are the same', () => {
    const seven = manualCase('3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b15', 'Password with 7 characters', [
      ['Enter a password with 7 characters', 'refused'],
    ]);
    const eight = manualCase('3f1c2b7e-8a4d-4c1e-9b2f-0d6e5a7c9b16', 'Password with 8 characters', [
      ['Enter a password with 8 characters', 'refused'],
    ]);
    expect(similarity(fingerprint(seven), fingerprint(eight))).toBe(0);
    expect(SIMILARITY_THRESHOLD).toBe(0.9);
  });
});

describe('generateCases (offline) and mergeIntoCaseFile', () => {
  it('generates, and a second run on the merged file adds nothing', async () => {
    const first = await generateCases({ story });
    expect(first.generator).toBe('offline');
    expect(first.coverage.uncovered).toEqual([]);
    const text = mergeIntoCaseFile(undefined, 'password-reset.cases.yaml', story, first.cases);
    const parsed = parseCaseFile(text, 'password-reset.cases.yaml');
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(parsed.suite?.story).toBe('SHOP-142');

    const second = await generateCases({ story, existing: parsed.suite?.cases });
    expect(second.cases).toEqual([]);
    expect(second.unchanged).toHaveLength(first.cases.length);
    expect(second.coverage.uncovered).toEqual([]);
  });

  it('never overwrites a generated case a person edited: it is reported and kept', async () => {
    const first = await generateCases({ story });
    const text = mergeIntoCaseFile(undefined, 'x.cases.yaml', story, first.cases);
    const editor = CaseFileEditor.parse(`# reviewed by QA\n${text}`, 'x.cases.yaml');
    const target = first.cases[0]!;
    editor.setField(target.id, ['title'], 'Login page: the Forgot password link opens the reset form (checked on mobile too)');
    const edited = editor.toString();

    const second = await generateCases({ story, existing: CaseFileEditor.parse(edited, 'x.cases.yaml').toSuite().cases });
    expect(second.edited).toEqual([
      { id: target.id, title: 'Login page: the Forgot password link opens the reset form (checked on mobile too)' },
    ]);
    expect(second.cases).toEqual([]);
    const merged = mergeIntoCaseFile(edited, 'x.cases.yaml', story, second.cases);
    expect(merged).toBe(edited);
    expect(merged.startsWith('# reviewed by QA\n')).toBe(true);
  });

  it('adds to a hand-written file without touching its comments or cases, and skips near-duplicates of its cases', async () => {
    const handWritten = [
      '# Cases for SHOP-142, kept by hand',
      'suite: Password reset',
      'story: SHOP-142',
      'cases:',
      '  - id: 0b6f2c8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f',
      '    title: The login page shows a "Forgot password?" link that opens the reset form',
      '    kind: manual',
      '    covers: [AC-1] # checked in every release',
      '    steps:',
      '      - action: Open the login page.',
      '        expected: The login page shows a "Forgot password?" link that opens the reset form.',
      '',
    ].join('\n');
    const existing = CaseFileEditor.parse(handWritten, 'h.cases.yaml').toSuite().cases;
    const result = await generateCases({ story, existing });
    expect(result.duplicates).toEqual([
      {
        title: 'The login page shows a "Forgot password?" link that opens the reset form',
        of: '0b6f2c8e-1d2a-4c3b-9e8f-7a6b5c4d3e2f',
        similarity: 1,
      },
    ]);
    const merged = mergeIntoCaseFile(handWritten, 'h.cases.yaml', story, result.cases);
    expect(merged.startsWith(handWritten.trimEnd().split('\n').slice(0, 8).join('\n'))).toBe(true);
    expect(merged).toContain('covers: [AC-1] # checked in every release');
  });

  it('with max, covers every criterion before adding second cases', async () => {
    const result = await generateCases({ story, max: 10 });
    expect(result.cases).toHaveLength(10);
    expect(result.coverage.uncovered).toEqual([]);
    const some = await generateCases({ story, max: 4 });
    expect(some.coverage.uncovered).toEqual(['AC-5', 'AC-6', 'AC-7', 'AC-8', 'AC-9', 'AC-10']);
  });

  it('reports offline cases of the story that the generator no longer produces', async () => {
    const first = await generateCases({ story });
    const changed = parseMarkdownStory(
      readFileSync(new URL('../../../examples/stories/password-reset.md', import.meta.url), 'utf8').replace(
        'at least 8 characters',
        'at least 10 characters',
      ),
      { file: 'password-reset.md' },
    );
    const second = await generateCases({ story: changed, existing: first.cases });
    expect(second.stale.map((s) => s.title)).toContain('A new password with 7 characters is refused');
    expect(second.cases.map((c) => c.title)).toContain('A new password with 9 characters is refused');
  });
});
