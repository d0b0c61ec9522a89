import type { TestCaseInput } from '../model/case.js';
import { sameContent } from './case-identity.js';
import { computeCoverage, type CoverageSummary } from './coverage.js';
import { DuplicateIndex } from './dedupe.js';
import type { DraftCase } from '../model/draft-case.js';
import type { GenerateCasesOptions } from './generate-options.js';
import { generateWithModel, type ModelCallInfo } from './llm-generator.js';
import { normaliseDraft, type GenerationProvenance } from './normalise.js';
import { loadEnglish } from './offline/english.js';
import { generateOffline } from './offline/offline-generator.js';
import { storyRef } from './story/story.js';

export interface GenerateResult {
  generator: 'llm' | 'offline';
  /** New cases to add (deduplicated against `existing` and each other). */
  cases: TestCaseInput[];
  /** Existing cases the generator produced again unchanged (same id and content). */
  unchanged: string[];
  /** Existing cases the generator would produce again but whose content a person changed: kept as they are. */
  edited: Array<{ id: string; title: string }>;
  /** Generated cases dropped as near-duplicates of an existing (or an earlier new) case. */
  duplicates: Array<{ title: string; of: string; similarity: number }>;
  /** Offline-generated cases of this story the generator no longer produces (the story changed); kept, reported. */
  stale: Array<{ id: string; title: string }>;
  /** Coverage of the story's criteria by the existing and new cases together. */
  coverage: CoverageSummary;
  /** Set when a model was called. */
  call?: ModelCallInfo | undefined;
  warnings: string[];
}

function pickForMax(cases: TestCaseInput[], existing: readonly TestCaseInput[], max: number | undefined): TestCaseInput[] {
  if (max === undefined || cases.length <= max) return cases;
  const covered = new Set(existing.flatMap((c) => c.covers ?? []));
  const first: TestCaseInput[] = [];
  const rest: TestCaseInput[] = [];
  for (const c of cases) {
    const adds = (c.covers ?? []).some((id) => !covered.has(id));
    if (adds) {
      for (const id of c.covers ?? []) covered.add(id);
      first.push(c);
    } else rest.push(c);
  }
  const chosen = new Set([...first, ...rest].slice(0, max));
  return cases.filter((c) => chosen.has(c));
}

/**
 * Generates test cases for a story: story → drafts (through the model router
 * and a prompt template when a model is available, else the offline rules) →
 * normalised cases → deduplicated against `existing` → coverage. Never writes
 * anything; `mergeIntoCaseFile` does. Throws (a typed error) when the model
 * call fails, so a caller can leave its files untouched.
 */
export async function generateCases(options: GenerateCasesOptions): Promise<GenerateResult> {
  const { story } = options;
  const existing = options.existing ?? [];
  const warnings: string[] = [];
  const router = options.router;
  const useModel =
    router !== undefined && !router.isOffline(options.model) && (options.model ?? router.defaultModel('generate')) !== undefined;

  let drafts: Array<DraftCase & { rule?: string }>;
  let provenance: GenerationProvenance;
  let call: ModelCallInfo | undefined;
  if (useModel && router) {
    const generated = await generateWithModel(router, options);
    drafts = generated.drafts;
    provenance = generated.provenance;
    call = generated.call;
    warnings.push(...generated.warnings);
  } else {
    await loadEnglish();
    drafts = generateOffline(story, options);
    provenance = { generator: 'offline' };
  }

  const normalised = drafts.map((d) => normaliseDraft(d, story, provenance));
  const byId = new Map(existing.map((c) => [c.id.toLowerCase(), c]));
  const index = new DuplicateIndex(existing);
  const fresh: TestCaseInput[] = [];
  const unchanged: string[] = [];
  const edited: GenerateResult['edited'] = [];
  const duplicates: GenerateResult['duplicates'] = [];
  const produced = new Set<string>();
  for (const c of normalised) {
    produced.add(c.id.toLowerCase());
    const same = byId.get(c.id.toLowerCase());
    if (same) {
      if (sameContent(same, c)) unchanged.push(same.id);
      else edited.push({ id: same.id, title: same.title });
      continue;
    }
    const dup = index.addUnlessDuplicate(c);
    if (dup) {
      duplicates.push({ title: c.title, of: dup.of, similarity: dup.similarity });
      continue;
    }
    fresh.push(c);
  }
  const ref = storyRef(story);
  const stale =
    provenance.generator === 'offline'
      ? existing
          .filter(
            (c) =>
              c.source?.kind === 'generated' &&
              c.source.generator === 'offline' &&
              c.source.story === ref &&
              !produced.has(c.id.toLowerCase()),
          )
          .map((c) => ({ id: c.id, title: c.title }))
      : [];
  const cases = pickForMax(fresh, existing, options.max);
  const coverage = computeCoverage(story, [...existing, ...cases]);
  return { generator: provenance.generator, cases, unchanged, edited, duplicates, stale, coverage, call, warnings };
}
