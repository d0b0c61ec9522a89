// Criteria extraction over the story corpus (test/fixtures/stories/, expected.yaml):
// precision ≥ 0.95 and recall ≥ 0.90 over all stories, and per story what a reader relies on:
// no crash, empty or placeholder sections refused with a clear message, development tasks
// listed as not testable, steps from "How to test" / "Steps to reproduce" kept.
import { describe, expect, it } from 'vitest';
import { corpus, corpusPrecisionRecall, normalise, scoreStory } from './story-corpus.js';

const entries = corpus();

describe('the story corpus', () => {
  it('has at least 40 stories in Markdown, Gherkin and Jira ADF', () => {
    expect(entries.length).toBeGreaterThanOrEqual(40);
    for (const kind of ['markdown/', 'gherkin/', 'jira/']) expect(entries.some((e) => e.name.startsWith(kind))).toBe(true);
  });

  it('extracts criteria with precision ≥ 0.95 and recall ≥ 0.90', async () => {
    const result = await corpusPrecisionRecall();
    const misses = result.scores
      .filter((s) => s.falsePositives.length + s.falseNegatives.length > 0)
      .map((s) => `${s.name}\n  not criteria: ${JSON.stringify(s.falsePositives)}\n  missed: ${JSON.stringify(s.falseNegatives)}`);
    // The misses are printed so a failure says which story and which criterion.
    expect({
      precision: result.precision >= 0.95,
      recall: result.recall >= 0.9,
      misses: result.precision >= 0.95 && result.recall >= 0.9 ? [] : misses,
    }).toEqual({
      precision: true,
      recall: true,
      misses: [],
    });
  });

  describe.each(entries)('$name', (entry) => {
    it('reads as expected: refused with a clear message, untestable lines and testing steps', async () => {
      const score = await scoreStory(entry);
      if (entry.expected.noCriteria) {
        expect(score.error).toContain('no acceptance criteria found');
        expect(score.error).toContain(entry.expected.noCriteria);
        expect(score.error).toContain(entry.name);
        return;
      }
      expect(score.error).toBeUndefined();
      expect((score.story?.untestable ?? []).map((u) => normalise(u.text))).toEqual((entry.expected.untestable ?? []).map(normalise));
      if (entry.expected.testing !== undefined) expect(score.story?.testing?.steps).toHaveLength(entry.expected.testing);
      // Ids are positional and every criterion has text.
      score.story?.criteria.forEach((c, k) => {
        expect(c.id).toBe(`AC-${k + 1}`);
        expect(c.text.trim()).not.toBe('');
      });
    });
  });
});
