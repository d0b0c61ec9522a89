import { randomUUID } from 'node:crypto';
import type { TestCaseInput } from '../model/case.js';
import { nameBasedUuid } from './case-identity.js';
import type { DraftCase } from '../model/draft-case.js';
import type { Assertion } from '../model/assertion.js';
import type { Story } from './story/story.js';
import { storyRef } from './story/story.js';

/** What the pipeline records in `source` of every case it creates. */
export interface GenerationProvenance {
  generator: 'llm' | 'offline';
  provider?: string | undefined;
  model?: string | undefined;
  promptId?: string | undefined;
  promptVersion?: string | undefined;
}

const CATEGORY = { 'happy-path': 'functional', negative: 'negative', boundary: 'boundary', edge: 'edge' } as const;

const criteriaById = new WeakMap<Story, Map<string, Story['criteria'][number]>>();

function describe(story: Story, covers: readonly string[]): string | undefined {
  let byId = criteriaById.get(story);
  if (!byId) {
    byId = new Map(story.criteria.map((c) => [c.id, c]));
    criteriaById.set(story, byId);
  }
  const lookup = byId;
  const texts = covers.map((id) => lookup.get(id)).filter((c) => c !== undefined);
  if (texts.length === 0) return undefined;
  const text = texts.map((c) => `${c.id}: ${c.text}`).join('\n');
  return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
}

/** The technique, then the tags of the covered criteria (Gherkin `@tags`) and the draft's own, as valid tags. */
function tagsOf(draft: { technique: string; tags?: string[] | undefined }, story: Story, covers: readonly string[]): string[] {
  const fromCriteria = story.criteria.filter((c) => covers.includes(c.id)).flatMap((c) => c.tags ?? []);
  const tags = [draft.technique, ...fromCriteria, ...(draft.tags ?? [])]
    .map((t) =>
      t
        .trim()
        .replace(/[\s,]+/g, '-')
        .slice(0, 50),
    )
    .filter((t) => t !== '');
  return [...new Set(tags)];
}

/**
 * Turns a draft into a case of the file format: a new id (name-based for the
 * offline generator, so re-runs find the same case; random for model output),
 * status draft, version 1, the provenance in `source`, the covered criteria's
 * text as the description, and the technique as tag and category.
 */
export function normaliseDraft(
  draft: DraftCase & { rule?: string; tags?: string[] | undefined; assert?: Assertion[] | undefined },
  story: Story,
  provenance: GenerationProvenance,
): TestCaseInput {
  const ref = storyRef(story);
  const covers = [...new Set(draft.covers)].sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
  const id =
    provenance.generator === 'offline'
      ? nameBasedUuid(JSON.stringify([ref ?? story.title, draft.kind, draft.rule ?? '', draft.title, covers]))
      : randomUUID();
  const source = {
    kind: 'generated' as const,
    generator: provenance.generator,
    ...(ref ? { story: ref } : {}),
    ...(provenance.provider ? { provider: provenance.provider } : {}),
    ...(provenance.model ? { model: provenance.model } : {}),
    ...(provenance.promptId ? { promptId: provenance.promptId } : {}),
    ...(provenance.promptVersion ? { promptVersion: provenance.promptVersion } : {}),
    ...(draft.rule ? { rule: draft.rule } : {}),
  };
  const description = describe(story, covers);
  const common = {
    id,
    title: draft.title.trim().slice(0, 200),
    kind: draft.kind,
    ...(description ? { description } : {}),
    priority: draft.priority,
    tags: tagsOf(draft, story, covers),
    category: CATEGORY[draft.technique],
    status: 'draft' as const,
    covers,
    source,
    version: 1,
  };
  if (draft.kind === 'manual') {
    return {
      ...common,
      kind: 'manual',
      ...(draft.preconditions.length > 0 ? { preconditions: draft.preconditions } : {}),
      steps: draft.steps.map((s) => ({ action: s.action, ...(s.data ? { data: s.data } : {}), expected: s.expected })),
    };
  }
  return {
    ...common,
    kind: 'conversation',
    input: { messages: draft.messages },
    expected: { requirements: draft.requirements, assert: draft.assert ?? [] },
  };
}
