import type { GherkinScenario } from './story.js';

const STEP = /^(Given|When|Then|And|But|\*)\s+(.*)$/i;
const SCENARIO = /^(Scenario Outline|Scenario Template|Scenario|Example):\s*(.*)$/i;
const BACKGROUND = /^Background:\s*(.*)$/i;
const EXAMPLES = /^(Examples|Scenarios):\s*(.*)$/i;

/** True when the line starts a Gherkin scenario (or background). */
export function isGherkinStart(line: string): boolean {
  const t = line.trim();
  return SCENARIO.test(t) || BACKGROUND.test(t);
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());
}

/** A parsed scenario plus the text it was written as (for the criterion text). */
export interface ParsedScenario extends GherkinScenario {
  text: string;
}

/**
 * Parses Gherkin scenarios from lines (indentation free). `Background` steps
 * become `given` steps of every scenario after them, as Cucumber runs them.
 * Lines that are not Gherkin end the block.
 */
export function parseGherkin(lines: readonly string[]): { scenarios: ParsedScenario[]; consumed: number } {
  const scenarios: ParsedScenario[] = [];
  let background: string[] = [];
  let current: (ParsedScenario & { inBackground?: boolean }) | undefined;
  let last: 'given' | 'when' | 'then' = 'given';
  let header: string[] | undefined;
  let i = 0;
  const finish = () => {
    if (current && !current.inBackground) {
      delete current.inBackground;
      current.text = current.text.trim();
      scenarios.push(current);
    }
    current = undefined;
    header = undefined;
  };
  for (; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    const t = raw.trim();
    if (t === '' || t.startsWith('#') || t.startsWith('@') || t.startsWith('```')) {
      // Blank lines, comments, tags and code fences do not end a feature block;
      // a blank line followed by something that is not Gherkin does (checked below).
      if (t === '' && !isGherkinContinuation(lines, i + 1)) break;
      continue;
    }
    const bg = BACKGROUND.exec(t);
    if (bg) {
      finish();
      current = { scenario: 'Background', given: [], when: [], then: [], text: '', inBackground: true };
      last = 'given';
      continue;
    }
    const sc = SCENARIO.exec(t);
    if (sc) {
      const wasBackground = current?.inBackground === true;
      if (wasBackground && current) background = [...current.given];
      finish();
      current = { scenario: (sc[2] ?? '').trim() || 'Unnamed scenario', given: [...background], when: [], then: [], text: `${t}\n` };
      last = 'given';
      continue;
    }
    if (!current) break;
    const ex = EXAMPLES.exec(t);
    if (ex) {
      current.examples = [];
      header = undefined;
      current.text += `${t}\n`;
      continue;
    }
    if (t.startsWith('|') && current.examples) {
      const row = cells(t);
      if (!header) header = row;
      else current.examples.push(Object.fromEntries(header.map((h, k) => [h, row[k] ?? ''])));
      current.text += `${t}\n`;
      continue;
    }
    const st = STEP.exec(t);
    if (!st) break;
    const keyword = (st[1] ?? '').toLowerCase();
    const body = (st[2] ?? '').trim();
    if (keyword === 'given' || keyword === 'when' || keyword === 'then') last = keyword;
    current[last].push(body);
    current.text += `${t}\n`;
  }
  if (current?.inBackground) current = undefined;
  finish();
  return { scenarios, consumed: i };
}

function isGherkinContinuation(lines: readonly string[], from: number): boolean {
  for (let j = from; j < lines.length; j++) {
    const t = (lines[j] ?? '').trim();
    if (t === '') continue;
    return (
      isGherkinStart(t) ||
      STEP.test(t) ||
      EXAMPLES.test(t) ||
      t.startsWith('|') ||
      t.startsWith('@') ||
      t.startsWith('#') ||
      t.startsWith('```')
    );
  }
  return false;
}
