// The story corpus (test/fixtures/stories/): stories written the way teams write them, each
// with its hand-written expected criteria in expected.yaml. Shared by the corpus test and
// `npm run bench:generate` (precision and recall of criteria extraction).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadStoryFile, type AcceptanceCriterion, type Story } from '@casewright/core';

export const CORPUS_DIR = path.resolve(import.meta.dirname, '../fixtures/stories');

export interface Expectation {
  criteria?: string[];
  untestable?: string[];
  noCriteria?: string;
  testing?: number;
}

export interface CorpusEntry {
  /** Path under test/fixtures/stories/, e.g. `markdown/bold-headings.md`. */
  name: string;
  file: string;
  expected: Expectation;
}

export function corpus(): CorpusEntry[] {
  const expected = parse(readFileSync(path.join(CORPUS_DIR, 'expected.yaml'), 'utf8')) as Record<string, Expectation>;
  return Object.entries(expected).map(([name, e]) => ({ name, file: path.join(CORPUS_DIR, name), expected: e }));
}

/** Case, quotes and punctuation do not matter; arrows (context) are spaces like any punctuation. */
export function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** What a criterion is called for matching: a Gherkin scenario by its name (after its context), else its text. */
export function label(c: AcceptanceCriterion): string {
  if (!c.gherkin) return c.text;
  return [...(c.context ?? []), c.gherkin.scenario].join(' → ');
}

export interface StoryScore {
  name: string;
  found: string[];
  expected: string[];
  truePositives: number;
  falsePositives: string[];
  falseNegatives: string[];
  story?: Story;
  error?: string;
}

/** Reads one corpus story and compares its criteria with the expected ones. */
export async function scoreStory(entry: CorpusEntry): Promise<StoryScore> {
  let story: Story | undefined;
  let error: string | undefined;
  try {
    story = await loadStoryFile(entry.file, { shown: entry.name });
  } catch (e) {
    error = (e as Error).message;
  }
  const found = (story?.criteria ?? []).map(label);
  const expected = entry.expected.criteria ?? [];
  const remaining = expected.map(normalise);
  let truePositives = 0;
  const falsePositives: string[] = [];
  for (const f of found) {
    const k = remaining.indexOf(normalise(f));
    if (k >= 0) {
      truePositives++;
      remaining.splice(k, 1);
    } else falsePositives.push(f);
  }
  const falseNegatives = expected.filter((e) => remaining.includes(normalise(e)));
  return {
    name: entry.name,
    found,
    expected,
    truePositives,
    falsePositives,
    falseNegatives,
    ...(story ? { story } : {}),
    ...(error ? { error } : {}),
  };
}

/** Precision and recall of criteria extraction over the whole corpus. */
export async function corpusPrecisionRecall(): Promise<{
  precision: number;
  recall: number;
  stories: number;
  expected: number;
  found: number;
  scores: StoryScore[];
}> {
  const scores = await Promise.all(corpus().map(scoreStory));
  const tp = scores.reduce((n, s) => n + s.truePositives, 0);
  const fp = scores.reduce((n, s) => n + s.falsePositives.length, 0);
  const fn = scores.reduce((n, s) => n + s.falseNegatives.length, 0);
  return {
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: tp + fn === 0 ? 1 : tp / (tp + fn),
    stories: scores.length,
    expected: tp + fn,
    found: tp + fp,
    scores,
  };
}
