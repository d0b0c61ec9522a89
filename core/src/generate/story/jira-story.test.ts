// Stories from Jira issue JSON shaped like GET /rest/api/3/issue/{key}
// (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors/usage-error.js';
import { parseJiraIssueStory } from './jira-story.js';
import { loadStoryFile } from './load-story.js';

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./__fixtures__/${name}.json`, import.meta.url), 'utf8'));

describe('parseJiraIssueStory', () => {
  it('finds the acceptance-criteria field through names (expand=names) and converts its ADF', () => {
    const story = parseJiraIssueStory(fixture('jira-issue-with-ac-field'), { file: 'SHOP-142.json' });
    expect(story.key).toBe('SHOP-142');
    expect(story.title).toBe('Reset a forgotten password');
    expect(story.source).toEqual({ kind: 'jira', key: 'SHOP-142', file: 'SHOP-142.json' });
    expect(story.criteria.map((c) => [c.id, c.kind, c.text])).toEqual([
      ['AC-1', 'numbered', 'The login page shows a Forgot password? link that opens the reset form.'],
      ['AC-2', 'numbered', 'The new password must be at least 8 characters and at most 128 characters long.'],
      // A nested list keeps its parent as context.
      ['AC-3', 'bullet', 'The reset form allows up to 5 attempts per e-mail address per hour → further attempts show Too many requests'],
      ['AC-4', 'bullet', 'The reset form allows up to 5 attempts per e-mail address per hour → the counter resets after one hour'],
      [
        'AC-5',
        'gherkin',
        'Scenario: Reset link used twice Given I have used my reset link When I open the same link again Then I see "This link has already been used"',
      ],
    ]);
    expect(story.description).toContain('As a **registered customer** I want');
    expect(story.description).toContain('> [!NOTE]');
    expect(story.description).toContain('@Dana Scully — due 2026-01-01');
  });

  it('takes the field by id or by name when configured', () => {
    const byId = parseJiraIssueStory(fixture('jira-issue-with-ac-field'), { acceptanceCriteriaField: 'customfield_10050' });
    const byName = parseJiraIssueStory(fixture('jira-issue-with-ac-field'), { acceptanceCriteriaField: 'acceptance criteria' });
    expect(byId.criteria).toHaveLength(5);
    expect(byName.criteria).toEqual(byId.criteria);
  });

  it('falls back to an "Acceptance criteria" section of the description (a table here)', () => {
    const story = parseJiraIssueStory(fixture('jira-issue-criteria-in-description'));
    expect(story.criteria.map((c) => [c.kind, c.text])).toEqual([
      ['table', 'A customer can apply up to 3 coupons to one order.'],
      ['table', 'Coupon codes must be matched case-insensitively.'],
    ]);
    expect(story.description).toContain('## Notes');
    expect(story.description).toContain('<https://acme.atlassian.net/wiki/x/AbCd>');
  });

  it.each([
    ['not an object', [], /expected a Jira issue object/],
    ['no key', { fields: { summary: 'x' } }, /'key' must be a Jira issue key such as SHOP-123 \(missing\)/],
    ['no fields', { key: 'SHOP-1' }, /'fields' is missing/],
    ['no summary', { key: 'SHOP-1', fields: {} }, /'fields.summary' must be/],
    [
      'a description that is not ADF',
      { key: 'SHOP-1', fields: { summary: 's', description: 42 } },
      /'fields.description' is not Atlassian Document Format/,
    ],
  ])('refuses %s with a message that says where', (_name, json, message) => {
    expect(() => parseJiraIssueStory(json, { file: 'x.json' })).toThrow(UsageError);
    expect(() => parseJiraIssueStory(json, { file: 'x.json' })).toThrow(message);
  });

  it('names a configured field that the issue does not have', () => {
    const issue = fixture('jira-issue-criteria-in-description');
    expect(() => parseJiraIssueStory(issue, { acceptanceCriteriaField: 'Acceptance criteria' })).toThrow(
      /no field named 'Acceptance criteria' \(the issue JSON has no 'names'/,
    );
  });
});

describe('loadStoryFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'casewright-story-'));
  it('refuses a story without criteria, saying how to add them', async () => {
    const file = path.join(dir, 'vague.md');
    writeFileSync(file, '# Vague\n\nMake it nice.\n');
    await expect(loadStoryFile(file, { shown: 'vague.md' })).rejects.toThrow(
      'vague.md: no acceptance criteria found; add a heading "## Acceptance criteria"',
    );
  });

  it('refuses JSON that does not parse and unknown extensions', async () => {
    writeFileSync(path.join(dir, 'bad.json'), '{ nope');
    writeFileSync(path.join(dir, 'story.docx'), 'x');
    await expect(loadStoryFile(path.join(dir, 'bad.json'), { shown: 'bad.json' })).rejects.toThrow(/^bad.json: not valid JSON/);
    await expect(loadStoryFile(path.join(dir, 'story.docx'), { shown: 'story.docx' })).rejects.toThrow(
      "story.docx: unknown story format '.docx'",
    );
    await expect(loadStoryFile(path.join(dir, 'missing.md'), { shown: 'missing.md' })).rejects.toThrow('missing.md: no such file');
  });
});

describe('acceptance criteria written as lines', () => {
  it('reads an ADF field of paragraphs with hard breaks and "AC1:" labels, one criterion per line', () => {
    const t = (text: string) => ({ type: 'text', text });
    const issue = {
      key: 'SHOP-9',
      fields: {
        summary: 'Wishlist',
        customfield_10050: {
          type: 'doc',
          version: 1,
          content: [
            {
              type: 'paragraph',
              content: [
                t('AC1: The heart icon adds the product to the wishlist'),
                { type: 'hardBreak' },
                t('AC2: The wishlist shows up to 50 products'),
              ],
            },
            { type: 'paragraph', content: [t('Removing a product asks for confirmation.')] },
          ],
        },
      },
      names: { summary: 'Summary', customfield_10050: 'Acceptance criteria' },
    };
    expect(parseJiraIssueStory(issue).criteria.map((c) => [c.id, c.kind, c.text])).toEqual([
      ['AC-1', 'sentence', 'The heart icon adds the product to the wishlist'],
      ['AC-2', 'sentence', 'The wishlist shows up to 50 products'],
      ['AC-3', 'sentence', 'Removing a product asks for confirmation.'],
    ]);
  });
});
