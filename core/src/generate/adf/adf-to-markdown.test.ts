// ADF → Markdown against fixtures built from Atlassian's ADF node reference
// (https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/ and the
// per-node pages named in each fixture's "$doc").
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adfToMarkdown, type AdfNode } from './adf-to-markdown.js';
import { adfToMdast } from './adf-to-mdast.js';
import { extractCriteria, extractFromBlocks } from '../story/criteria.js';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8')).doc;

describe('adfToMarkdown', () => {
  it.each([
    ['paragraph', 'Hello world'],
    ['text-marks', '**bold** *italic* `x < 5` ~~gone~~ [Atlassian](https://www.atlassian.com) under'],
    ['heading', '## Acceptance criteria\n\nText'],
    ['bulletList', '- First\n- Second'],
    ['orderedList', '3. Third\n4. Fourth'],
    ['nested-lists', '1. Parent\n   - Child A\n   - Child B\n     1. Grandchild\n2. Sibling'],
    ['table', '| Input | Expected |\n| --- | --- |\n| a\\|b | line 1<br>line 2 |\n| spans both |  |'],
    ['codeBlock', '```javascript\nvar foo = {};\nvar bar = [];\n```'],
    ['blockquote', '> Quoted\n>\n> Second paragraph'],
    ['panel', '> [!WARNING]\n> Mind the gap'],
    ['rule', 'Above\n\n---\n\nBelow'],
    ['mention', 'Ask @Bradley Ayers please'],
    ['emoji', 'Done 😀:awthanks:'],
    ['status', 'State: [In Progress]'],
    ['date', 'Due 2020-02-19'],
    ['inlineCard', 'See <https://atlassian.com>'],
    ['hardBreak', 'Hello  \nworld'],
    ['mediaSingle', '[attachment: moon.jpeg]\n\n![logo](https://example.com/logo.png)'],
    ['taskList', '- [x] Write tests\n- [ ] Ship'],
    ['expand', '**Details**\n\nHidden text'],
  ])('converts %s', (name, markdown) => {
    expect(adfToMarkdown(fixture(name))).toBe(markdown);
  });

  it('keeps the text of node types it does not know', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [{ type: 'someFutureNode', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'still here' }] }] }],
    };
    expect(adfToMarkdown(doc)).toBe('still here');
  });

  it('accepts a JSON string, plain text (Jira v2 fields) and an empty field', () => {
    expect(adfToMarkdown(JSON.stringify(fixture('paragraph')))).toBe('Hello world');
    expect(adfToMarkdown('plain text criteria')).toBe('plain text criteria');
    expect(adfToMarkdown(null)).toBe('');
  });

  it('refuses something that is not ADF', () => {
    expect(() => adfToMarkdown(42)).toThrow(/not an ADF document/);
  });

  it('gives Markdown the criteria parser reads as the ADF tree reader does: nested items keep their parents as context, one criterion per table row', () => {
    const viaTree = (name: string) =>
      extractFromBlocks(
        adfToMdast(fixture(name) as AdfNode).children.map((node) => ({ node, context: [] })),
        { allSentences: true },
      ).criteria.map((c) => c.text);
    const nested = ['Parent → Child A', 'Parent → Child B → Grandchild', 'Sibling'];
    expect(extractCriteria(adfToMarkdown(fixture('nested-lists'))).map((c) => c.text)).toEqual(nested);
    expect(viaTree('nested-lists')).toEqual(nested);
    const rows = ['Input: a|b; Expected: line 1 line 2', 'Input: spans both'];
    expect(extractCriteria(adfToMarkdown(fixture('table'))).map((c) => c.text)).toEqual(rows);
    expect(viaTree('table')).toEqual(rows);
  });
});

describe('adfToMarkdown on any document', () => {
  const text = fc.stringMatching(/^[A-Za-z0-9 ,.!?-]{1,20}$/).filter((t) => t.trim() === t && t.length > 0);
  const inline = fc.oneof(
    text.map((t) => ({ type: 'text', text: t })),
    fc
      .tuple(text, fc.constantFrom('strong', 'em', 'code', 'strike'))
      .map(([t, mark]) => ({ type: 'text', text: t, marks: [{ type: mark }] })),
  );
  const paragraph = fc.array(inline, { minLength: 1, maxLength: 3 }).map((content) => ({ type: 'paragraph', content }));
  const { block } = fc.letrec<{ block: unknown }>((tie) => ({
    block: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      paragraph,
      fc
        .tuple(fc.integer({ min: 1, max: 6 }), fc.array(inline, { minLength: 1, maxLength: 2 }))
        .map(([level, content]) => ({ type: 'heading', attrs: { level }, content })),
      fc
        .tuple(
          fc.constantFrom('bulletList', 'orderedList'),
          fc.array(fc.array(tie('block'), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }),
        )
        .map(([type, items]) => ({
          type,
          content: items.map((content) => ({ type: 'listItem', content })),
        })),
      fc.array(tie('block'), { minLength: 1, maxLength: 2 }).map((content) => ({ type: 'panel', attrs: { panelType: 'info' }, content })),
      fc.array(tie('block'), { minLength: 1, maxLength: 2 }).map((content) => ({ type: 'blockquote', content })),
    ),
  }));

  const texts = (node: unknown): string[] => {
    const n = node as { text?: string; content?: unknown[] };
    return [...(n.text ? [n.text] : []), ...(n.content ?? []).flatMap(texts)];
  };

  it('never throws and keeps every piece of text', () => {
    fc.assert(
      fc.property(fc.array(block, { minLength: 1, maxLength: 4 }), (content) => {
        const doc = { type: 'doc', version: 1, content };
        const markdown = adfToMarkdown(doc);
        for (const t of texts(doc)) expect(markdown).toContain(t);
      }),
      { numRuns: 200 },
    );
  });
});
