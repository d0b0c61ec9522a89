import { AstBuilder, dialects, GherkinClassicTokenMatcher, GherkinInMarkdownTokenMatcher, Parser, type Dialect } from '@cucumber/gherkin';
import { IdGenerator, type Background, type Scenario, type Step, type Tag } from '@cucumber/messages';
import type { GherkinExamples, GherkinScenario, GherkinStep } from './story.js';

/** A scenario as read by the official parser, with what the story model keeps of it. */
export interface ParsedScenario extends GherkinScenario {
  /** One line: the scenario keyword and name, then its steps. */
  text: string;
  /** Tags of the feature, rule, scenario (without `@`). */
  tags: string[];
  /** The scenario as written (keyword line to the last step or example row), for a model's prompt. */
  source: string;
  line: number;
}

/** A feature as read by the official parser. */
export interface ParsedFeature {
  name: string;
  description: string;
  tags: string[];
  language: string;
  scenarios: ParsedScenario[];
}

/** A Gherkin syntax error at a line and column of the text that was parsed. */
export class GherkinSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'GherkinSyntaxError';
  }
}

interface KeywordSets {
  /** Keywords that open a block (`Feature`, `Scenario`, `Rule`, `Background`, `Examples`...) in every language. */
  block: Set<string>;
  /** Step keywords (`Given `, `Soit `...) in every language by their first word, longest first. */
  steps: Map<string, string[]>;
  /** Step keywords written without a space after them (`假如`), longest first. */
  unspaced: string[];
}

let keywordSets: KeywordSets | undefined;

function keywords(): KeywordSets {
  if (keywordSets) return keywordSets;
  const block = new Set<string>();
  const steps = new Set<string>();
  for (const name of Object.keys(dialects)) {
    const d = dialects[name] as Dialect;
    for (const k of [...d.feature, ...d.rule, ...d.background, ...d.scenario, ...d.scenarioOutline, ...d.examples])
      block.add(k.toLowerCase());
    for (const k of [...d.given, ...d.when, ...d.then, ...d.and, ...d.but]) if (k.trim() !== '*') steps.add(k.toLowerCase());
  }
  const byFirst = new Map<string, string[]>();
  for (const k of [...steps].sort((a, b) => b.length - a.length)) {
    const first = k.trim().split(/\s+/)[0] ?? '';
    byFirst.set(first, [...(byFirst.get(first) ?? []), k]);
  }
  const unspaced = [...steps].filter((k) => !/\s$/.test(k)).sort((a, b) => b.length - a.length);
  keywordSets = { block, steps: byFirst, unspaced };
  return keywordSets;
}

const BLOCK_LINE = /^\s*([^:|#@\n]{1,40}):/;

function isBlockLine(line: string): boolean {
  const m = BLOCK_LINE.exec(line);
  return m !== null && keywords().block.has((m[1] ?? '').trim().toLowerCase());
}

function isStepLine(line: string): boolean {
  const t = line.trimStart().toLowerCase();
  // Keywords by the line's first word; a few languages write theirs without a space (`假如`).
  const first = t.split(/\s+/)[0] ?? '';
  const candidates = keywords().steps.get(first);
  if (candidates?.some((k) => t.startsWith(k))) return true;
  return keywords().unspaced.some((k) => t.startsWith(k));
}

/**
 * True when text holds Gherkin: a Feature/Scenario/Background/Rule line (in any language
 * the parser knows) followed somewhere by a step line. "Example: the user enters 5" alone is prose.
 */
export function looksLikeGherkin(text: string): boolean {
  if (!text.includes(':')) return false;
  const lines = text.split('\n');
  const start = lines.findIndex(isBlockLine);
  return start >= 0 && lines.slice(start + 1).some(isStepLine);
}

/** True when a line could continue a Gherkin block (a keyword, a step, a table row, a tag, a comment, a DocString). */
export function isGherkinLine(line: string): boolean {
  const t = line.trim();
  return t === '' || isBlockLine(t) || isStepLine(t) || /^(\||@|#|"""|```)/.test(t);
}

function tagNames(tags: readonly Tag[]): string[] {
  return tags.map((t) => t.name.replace(/^@/, ''));
}

function stepOf(step: Step, previous: GherkinStep['type']): GherkinStep {
  const type: GherkinStep['type'] =
    step.keywordType === 'Context' ? 'given' : step.keywordType === 'Action' ? 'when' : step.keywordType === 'Outcome' ? 'then' : previous;
  return {
    type,
    keyword: step.keyword,
    text: step.text,
    ...(step.dataTable ? { dataTable: step.dataTable.rows.map((r) => r.cells.map((c) => c.value)) } : {}),
    ...(step.docString
      ? { docString: { content: step.docString.content, ...(step.docString.mediaType ? { mediaType: step.docString.mediaType } : {}) } }
      : {}),
  };
}

function stepsOf(steps: readonly Step[], before: readonly GherkinStep[]): GherkinStep[] {
  const out: GherkinStep[] = [...before];
  let previous: GherkinStep['type'] = 'given';
  for (const s of steps) {
    const read = stepOf(s, previous);
    previous = read.type;
    out.push(read);
  }
  return out;
}

function oneLineDescription(text: string | undefined): string | undefined {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  return t === '' ? undefined : t;
}

function scenarioOf(
  s: Scenario,
  background: readonly GherkinStep[],
  context: { rule?: string; tags: string[]; language: string; lines: readonly string[] },
): ParsedScenario {
  const steps = stepsOf(s.steps, background);
  const blocks: GherkinExamples[] = s.examples.map((e) => {
    const header = e.tableHeader?.cells.map((c) => c.value) ?? [];
    return {
      name: e.name,
      tags: tagNames(e.tags),
      rows: e.tableBody.map((r) => Object.fromEntries(header.map((h, k) => [h, r.cells[k]?.value ?? '']))),
    };
  });
  const rows = blocks.flatMap((b) => b.rows);
  const name = s.name.trim() || 'Unnamed scenario';
  const text = `${s.keyword.trim()}: ${name} ${s.steps.map((st) => `${st.keyword.trim()} ${st.text}`).join(' ')}`
    .replace(/\s+/g, ' ')
    .trim();
  const description = oneLineDescription(s.description);
  // The scenario as written: its keyword line up to the line before the next block (for a model's prompt).
  const first = s.location.line - 1;
  let last = first;
  for (const st of s.steps)
    last = Math.max(
      last,
      st.location.line - 1 + (st.dataTable?.rows.length ?? 0) + (st.docString ? st.docString.content.split('\n').length + 1 : 0),
    );
  for (const e of s.examples) last = Math.max(last, e.location.line - 1 + e.tableBody.length + 1);
  return {
    scenario: name,
    given: steps.filter((x) => x.type === 'given').map((x) => x.text),
    when: steps.filter((x) => x.type === 'when').map((x) => x.text),
    then: steps.filter((x) => x.type === 'then').map((x) => x.text),
    ...(rows.length > 0 ? { examples: rows, exampleBlocks: blocks } : {}),
    steps,
    ...(context.rule ? { rule: context.rule } : {}),
    ...(description ? { description } : {}),
    language: context.language,
    text,
    tags: [...context.tags, ...tagNames(s.tags)],
    source: context.lines
      .slice(first, last + 1)
      .join('\n')
      .trim(),
    line: s.location.line,
  };
}

function backgroundSteps(b: Background | undefined, before: readonly GherkinStep[]): GherkinStep[] {
  return b ? stepsOf(b.steps, before) : [...before];
}

/**
 * Parses Gherkin with the official Cucumber parser: every language it knows (`# language: fr`),
 * `Rule:` with its own `Background:`, Scenario Outlines with several `Examples:` blocks,
 * DataTables and DocStrings. `markdown: true` reads Markdown with Gherkin (`.feature.md`).
 * Throws `GherkinSyntaxError` with the line and column of the first error.
 */
export function parseGherkinText(text: string, options: { markdown?: boolean; language?: string } = {}): ParsedFeature {
  const language = options.language ?? 'en';
  const matcher = options.markdown ? new GherkinInMarkdownTokenMatcher(language) : new GherkinClassicTokenMatcher(language);
  const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), matcher);
  let document;
  try {
    document = parser.parse(text);
  } catch (error) {
    const e = error as {
      errors?: Array<{ message: string; location?: { line: number; column?: number } }>;
      message: string;
      location?: { line: number; column?: number };
    };
    const first = e.errors?.[0] ?? e;
    const line = first.location?.line ?? 1;
    const column = first.location?.column ?? 1;
    const message = first.message.replace(/^\(\d+:\d+\):\s*/, '');
    throw new GherkinSyntaxError(message, line, column);
  }
  const feature = document.feature;
  if (!feature) return { name: '', description: '', tags: [], language, scenarios: [] };
  const lines = text.split('\n');
  const featureTags = tagNames(feature.tags);
  const scenarios: ParsedScenario[] = [];
  let featureBackground: GherkinStep[] = [];
  for (const child of feature.children) {
    if (child.background) featureBackground = backgroundSteps(child.background, []);
    if (child.scenario)
      scenarios.push(scenarioOf(child.scenario, featureBackground, { tags: featureTags, language: feature.language, lines }));
    if (child.rule) {
      const rule = child.rule;
      let ruleBackground = featureBackground;
      for (const rc of rule.children) {
        if (rc.background) ruleBackground = backgroundSteps(rc.background, featureBackground);
        if (rc.scenario)
          scenarios.push(
            scenarioOf(rc.scenario, ruleBackground, {
              rule: rule.name.trim(),
              tags: [...featureTags, ...tagNames(rule.tags)],
              language: feature.language,
              lines,
            }),
          );
      }
    }
  }
  return {
    name: feature.name.trim(),
    description: (feature.description ?? '')
      .split('\n')
      .map((l) => l.trim())
      .join('\n')
      .trim(),
    tags: featureTags,
    language: feature.language,
    scenarios,
  };
}

/**
 * Parses Gherkin found inside a story (a fenced block, or scenario lines in the text):
 * without a `Feature:` line one is added (in the block's language) so the parser accepts it.
 * Line numbers of errors are those of `text`.
 */
export function parseGherkinFragment(text: string): ParsedFeature {
  const lines = text.split('\n');
  const languageLine = lines.findIndex((l) => /^\s*#\s*language\s*:/i.test(l));
  const language = languageLine >= 0 ? (/:\s*([\w-]+)/.exec(lines[languageLine] ?? '')?.[1] ?? 'en') : 'en';
  const dialect = dialects[language] as Dialect | undefined;
  const featureWords = new Set((dialect ?? (dialects.en as Dialect)).feature.map((k) => k.toLowerCase()));
  const hasFeature = lines.some((l) => {
    const m = BLOCK_LINE.exec(l);
    return m !== null && featureWords.has((m[1] ?? '').trim().toLowerCase());
  });
  if (hasFeature) return parseGherkinText(text);
  const keyword = (dialect ?? (dialects.en as Dialect)).feature[0] ?? 'Feature';
  // The feature line replaces the language line (or an empty first line) so line numbers stay.
  const withFeature =
    languageLine >= 0 ? lines.map((l, k) => (k === languageLine ? `${l}\n${keyword}: Story` : l)).join('\n') : `${keyword}: Story\n${text}`;
  try {
    return parseGherkinText(withFeature);
  } catch (error) {
    if (error instanceof GherkinSyntaxError) throw new GherkinSyntaxError(error.message, Math.max(1, error.line - 1), error.column);
    throw error;
  }
}
