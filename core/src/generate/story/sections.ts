import type { Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import { headingLabel, nodeText, oneLine } from './markdown-tree.js';
import { classifyCandidate } from './not-criteria.js';

/** What a section of a story is for, from its heading. */
export type SectionKind =
  'criteria' | 'definition-of-done' | 'out-of-scope' | 'notes' | 'tasks' | 'steps' | 'expected' | 'actual' | 'story' | 'other';

/** Heading labels per kind, matched against the heading without emoji, numbering and trailing colon. */
const KINDS: Array<[SectionKind, RegExp]> = [
  [
    'definition-of-done',
    /^(definition of (done|ready)|dod|dor|done checklist|ready checklist|pr checklist|checklist|release checklist|before merging)$/i,
  ],
  [
    'out-of-scope',
    /^(out[ -]of[ -]scope|not in scope|non[- ]goals?|what this is not|won'?t (do|have)|exclusions?|excluded|not included)$/i,
  ],
  [
    'criteria',
    /^((the )?acceptance[ -]*(criteria|criterion|tests?)|acs?|a\/c|criteria|success criteria|acceptance|done when|conditions of satisfaction|(functional |business )?requirements|business rules|rules|scenarios|test scenarios|specification|gherkin|akzeptanzkriterien|abnahmekriterien|crit[èe]res d'acceptation|criterios de aceptaci[óo]n|crit[ée]rios de aceita[çc][ãa]o|criteri di accettazione|acceptatiecriteria|kryteria akceptacji)(\s*\(.*\))?$/i,
  ],
  ['expected', /^(expected (behaviou?r|results?|outcome)|what should happen|expected)$/i],
  ['actual', /^(actual (behaviou?r|results?)|current behaviou?r|what happens( now)?( instead)?|observed behaviou?r|actual)$/i],
  [
    'steps',
    /^(steps to reproduce|steps|repro(duction)?( steps)?|to reproduce|how to (test|reproduce|verify|qa)|qa( notes| steps| instructions)?|testing( notes| steps| instructions)?|test (plan|steps|notes|instructions)|verification( steps)?|how has this been tested)$/i,
  ],
  [
    'tasks',
    /^(tasks?|sub-?tasks|to-?dos?|technical (notes|details|tasks|approach|design)|implementation( notes| details| plan)?|dev(eloper)? notes|engineering notes|approach|(proposed )?solution|tech(nical)? notes|work items)$/i,
  ],
  [
    'notes',
    /^(notes?|additional (context|notes|information|info|details)|context|references?|links|resources|screenshots?|attachments?|designs?|mock-?ups?|(open )?questions|assumptions|dependencies|risks|comments|remarks|related( issues| tickets)?|environment|versions?|logs?|fyi|alternatives( considered)?|describe alternatives you'?ve considered.*)$/i,
  ],
  [
    'story',
    /^(user story|story|description|summary|background|motivation|problem( statement)?|why|overview|goals?|feature request|the problem|proposal|value|who|what|is your feature request related to a problem.*|describe the (solution|bug|problem|feature).*|bug description|what is the (problem|motivation).*)$/i,
  ],
];

/** The kind of section a heading opens. */
export function sectionKind(label: string): SectionKind {
  const l = headingLabel(label);
  for (const [kind, re] of KINDS) if (re.test(l)) return kind;
  return 'other';
}

/** A heading as read: a real Markdown heading, or a bold line / a label line ("AC:") that teams use as one. */
export interface StoryHeading {
  index: number;
  label: string;
  kind: SectionKind;
  /** 1–6 for Markdown headings; 7 for bold and label headings (they close at any real heading). */
  level: number;
  line?: number | undefined;
}

/** A block of the story with the section it is in. */
export interface StoryBlock {
  node: RootContent;
  /** Index of the top-level node it is (or comes from). */
  index: number;
  kind: SectionKind;
  /** Labels of the sub-headings between the section's heading and the block ("Login" under "Acceptance criteria"). */
  context: string[];
  /** The heading of the section the kind comes from. */
  heading?: StoryHeading | undefined;
}

export interface StorySections {
  /** The story title: the first level-1 heading (or the first heading). */
  title?: { text: string; index: number } | undefined;
  headings: StoryHeading[];
  blocks: StoryBlock[];
}

/** Strong or emphasis alone on a paragraph ("**Acceptance Criteria:**"), optionally followed by content. */
function boldLabel(p: Paragraph): { label: string; rest: PhrasingContent[] } | undefined {
  const [first, ...rest] = p.children;
  if (!first || (first.type !== 'strong' && first.type !== 'emphasis')) return undefined;
  const label = oneLine(nodeText(first));
  // "_Open question: do we need X?_" is a sentence in italics, not a heading.
  if (label === '' || label.length > 60 || /[?]$|\S:\s+\S/.test(label)) return undefined;
  // "**AC**: text" / "**AC:**\ntext": drop the colon and the line break after the label.
  const tail = [...rest];
  const head = tail[0];
  if (head && head.type === 'text') {
    const value = head.value.replace(/^\s*:?[ \t]*\n?/, '');
    if (value === '') tail.shift();
    else tail[0] = { ...head, value };
  }
  if (tail[0]?.type === 'break') tail.shift();
  return { label, rest: tail };
}

/** The first line of a paragraph when it is a section label such as "Acceptance criteria:" or "AC:". */
function lineLabel(p: Paragraph): { label: string; rest: PhrasingContent[] } | undefined {
  const first = p.children[0];
  if (!first || first.type !== 'text') return undefined;
  const nl = first.value.indexOf('\n');
  const line = nl >= 0 ? first.value.slice(0, nl) : first.value;
  const m = /^\s*((?::[a-z0-9_+-]+:|[^\w\s]{1,3})?\s*[\p{L} /'-]{1,40}?)\s*:\s*(.*)$/u.exec(line);
  if (!m) return undefined;
  const label = m[1] ?? '';
  const kind = sectionKind(label);
  if (kind === 'other' || kind === 'story') return undefined;
  const inline = (m[2] ?? '').trim();
  // "Note: the link expires" is a note, not a section; "AC: the user can ..." opens the criteria.
  if (inline !== '' && kind !== 'criteria') return undefined;
  const restText = `${inline}${nl >= 0 ? first.value.slice(nl) : ''}`.replace(/^\n/, '');
  const rest: PhrasingContent[] = [...(restText.trim() !== '' ? [{ ...first, value: restText }] : []), ...p.children.slice(1)];
  if (rest[0]?.type === 'break') rest.shift();
  return { label, rest };
}

/** An emoji line that only says "AC" / "Acceptance criteria" (":white_check_mark: AC"). */
function headingOf(node: RootContent, index: number): { heading: StoryHeading; rest?: Paragraph } | undefined {
  const line = node.position?.start.line;
  if (node.type === 'heading') {
    const label = headingLabel(nodeText(node));
    return { heading: { index, label, kind: sectionKind(label), level: node.depth, line } };
  }
  if (node.type !== 'paragraph') return undefined;
  // Lines labelled "AC1:", "AC-2 -" are criteria written as lines, without a heading.
  if (
    nodeText(node)
      .split('\n')
      .filter((l) => /^\s*AC[ -]?\d+\s*[:.)\-–]/i.test(l)).length >= 1 &&
    /^\s*AC[ -]?\d+/i.test(nodeText(node))
  ) {
    return { heading: { index, label: 'AC', kind: 'criteria', level: 7, line }, rest: node };
  }
  const bold = boldLabel(node);
  if (bold) {
    const kind = sectionKind(bold.label);
    const alone = bold.rest.every((c) => c.type === 'text' && c.value.trim() === '');
    // A bold label opens a section when it is alone on its paragraph, or names a known section.
    if (alone || kind !== 'other') {
      const heading = { index, label: headingLabel(bold.label), kind, level: 7, line };
      if (alone) return { heading };
      if (kind === 'story' || kind === 'other') return undefined;
      return { heading, rest: { ...node, children: bold.rest } };
    }
    return undefined;
  }
  const raw = nodeText(node).trim();
  const kind = sectionKind(raw);
  if (!raw.includes('\n') && kind !== 'other' && kind !== 'story' && raw.length <= 50 && !/[.!?]$/.test(raw)) {
    return { heading: { index, label: headingLabel(raw), kind, level: 7, line } };
  }
  const labelled = lineLabel(node);
  if (labelled) {
    const heading = { index, label: headingLabel(labelled.label), kind: sectionKind(labelled.label), level: 7, line };
    return labelled.rest.length > 0 ? { heading, rest: { ...node, children: labelled.rest } } : { heading };
  }
  return undefined;
}

/**
 * Splits a story tree into sections by its headings — Markdown headings (ATX and setext),
 * bold lines and label lines ("Acceptance criteria:", "AC:") — and gives each block the
 * kind of section it is in. A sub-heading that names no known section ("Login" under
 * "Acceptance criteria") becomes context of the blocks under it; one that does ("Out of
 * scope" under "Acceptance criteria") changes the kind.
 */
export function readSections(root: Root, options: { title?: boolean } = {}): StorySections {
  wikiHeadings(root);
  const headings: StoryHeading[] = [];
  const blocks: StoryBlock[] = [];
  let title: StorySections['title'];
  const firstH1 = root.children.findIndex((n) => n.type === 'heading' && n.depth === 1);
  // Without a level-1 heading, a first heading that names a section ("## Acceptance criteria") is not the title.
  const first = root.children[0];
  const titleIndex =
    options.title === false ? -1 : firstH1 >= 0 ? firstH1 : first?.type === 'heading' && sectionKind(nodeText(first)) === 'other' ? 0 : -1;
  const stack: StoryHeading[] = [];
  root.children.forEach((node, index) => {
    if (index === titleIndex && node.type === 'heading') {
      title = { text: oneLine(nodeText(node)), index };
      return;
    }
    const found = headingOf(node, index);
    if (found) {
      const h = found.heading;
      headings.push(h);
      if (h.level < 7) {
        while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= h.level) stack.pop();
      } else {
        // A bold heading that names a known section closes the bold ones before it; an unknown one is a sub-heading.
        while (
          stack.length > 0 &&
          (stack[stack.length - 1]?.level ?? 0) >= 7 &&
          (h.kind !== 'other' || stack[stack.length - 1]?.kind === 'other')
        )
          stack.pop();
      }
      stack.push(h);
      if (found.rest) blocks.push(blockIn(found.rest, index, stack));
      return;
    }
    blocks.push(blockIn(node, index, stack));
  });
  return { title, headings, blocks };
}

/**
 * Jira wiki markup pasted into Markdown ("h3. Acceptance Criteria"): a paragraph whose first
 * line is `hN. text` becomes a heading of level N, the lines after it a paragraph of its own.
 */
function wikiHeadings(root: Root): void {
  for (let k = 0; k < root.children.length; k++) {
    const node = root.children[k];
    if (node?.type !== 'paragraph') continue;
    const first = node.children[0];
    if (first?.type !== 'text') continue;
    const m = /^h([1-6])\.\s+([^\n]+)(\n[\s\S]*)?$/.exec(first.value);
    if (!m) continue;
    const heading: RootContent = {
      type: 'heading',
      depth: Number(m[1]) as 1 | 2 | 3 | 4 | 5 | 6,
      children: [{ type: 'text', value: (m[2] ?? '').trim() }],
      ...(node.position ? { position: node.position } : {}),
    };
    const rest = (m[3] ?? '').replace(/^\n/, '');
    const tail = [...(rest ? [{ ...first, value: rest }] : []), ...node.children.slice(1)];
    root.children.splice(k, 1, heading, ...(tail.length > 0 ? [{ ...node, children: tail }] : []));
  }
}

function blockIn(node: RootContent, index: number, stack: readonly StoryHeading[]): StoryBlock {
  let kind: SectionKind = 'other';
  let at = -1;
  for (let k = stack.length - 1; k >= 0; k--) {
    const h = stack[k];
    if (h && h.kind !== 'other') {
      kind = h.kind;
      at = k;
      break;
    }
  }
  // Numbering-only sub-headings ("Scenario 1", "AC 2") say nothing about the criteria under them.
  const context = stack
    .slice(at + 1)
    .map((h) => h.label)
    .filter((l) => l !== '' && classifyCandidate(l) !== 'placeholder');
  return { node, index, kind, context, heading: at >= 0 ? stack[at] : undefined };
}
