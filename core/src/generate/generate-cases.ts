import type { TestCaseInput } from '../model/case.js';
import { sameContent } from './case-identity.js';
import { computeCoverage, type CoverageSummary } from './coverage.js';
import { caseText, comparable, DuplicateIndex, fingerprint, type DuplicateMatch, type Fingerprint } from './dedupe.js';
import { cosine } from '../search/vectors.js';
import type { DraftCase } from '../model/draft-case.js';
import type { GenerateCasesOptions } from './generate-options.js';
import { generateWithModel, type ModelCallInfo } from './llm-generator.js';
import { normaliseDraft, type GenerationProvenance } from './normalise.js';
import { loadEnglish } from './offline/english.js';
import { generateOffline } from './offline/offline-generator.js';
import { storyRef } from './story/story.js';
import type { RuleTurnedOff } from './learned-rules.js';

export interface GenerateResult {
  generator: 'llm' | 'offline';
  /** New cases to add (deduplicated against `existing` and each other). */
  cases: TestCaseInput[];
  /** Existing cases the generator produced again unchanged (same id and content). */
  unchanged: string[];
  /** Existing cases the generator would produce again but whose content a person changed: kept as they are. */
  edited: Array<{ id: string; title: string }>;
  /** Generated cases dropped as near-duplicates of an existing (or an earlier new) case; `by: 'embeddings'` marks paraphrases (cosine). */
  duplicates: Array<{ title: string; of: string; similarity: number; by?: 'embeddings' | undefined }>;
  /** Paraphrase dedupe: the embedding model used, or why none was (set by the generate job). */
  paraphrases?: { model: string } | { reason: string } | undefined;
  /** Offline-generated cases of this story the generator no longer produces (the story changed); kept, reported. */
  stale: Array<{ id: string; title: string }>;
  /** Coverage of the story's criteria by the existing and new cases together. */
  coverage: CoverageSummary;
  /** Set when a model was called. */
  call?: ModelCallInfo | undefined;
  warnings: string[];
  /**
   * Offline rules turned off by the project's review decisions that would have proposed cases
   * for this story, with how many were left out; and the criteria that got no case because of it.
   */
  rulesOff: Array<RuleTurnedOff & { skipped: number }>;
  uncoveredByRulesOff: string[];
  /** Set by the generate job: the decisions file it learned from (as messages show it) and what it read. */
  learnedFrom?:
    | {
        file: string;
        decisions: number;
        warnings: string[];
        /** Accepted cases and rejected patterns put in the prompt. */ examples: number;
        avoid: number;
      }
    | undefined;
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

/** Drops the drafts of rules the project turned off; says which rules mattered and which criteria lost every case. */
function withoutRulesOff<T extends DraftCase & { rule?: string }>(drafts: T[], off: readonly RuleTurnedOff[]) {
  const byRule = new Map(off.map((r) => [r.rule, { ...r, skipped: 0 }]));
  const kept: T[] = [];
  const lost = new Set<string>();
  for (const d of drafts) {
    const rule = d.rule ? byRule.get(d.rule) : undefined;
    if (rule) {
      rule.skipped++;
      for (const id of d.covers) lost.add(id);
    } else kept.push(d);
  }
  const covered = new Set(kept.flatMap((d) => d.covers));
  return {
    kept,
    rulesOff: [...byRule.values()].filter((r) => r.skipped > 0),
    uncoveredByRulesOff: [...lost].filter((id) => !covered.has(id)),
  };
}

/**
 * Paraphrase dedupe over embeddings: the texts of the existing and generated cases are
 * embedded in one call (the caller caches by content), then a case is a duplicate of the most
 * similar comparable case (`comparable`) with a cosine at or above the threshold.
 */
async function paraphraseFinder(
  options: GenerateCasesOptions,
  existing: readonly TestCaseInput[],
  generated: readonly TestCaseInput[],
): Promise<{ find(c: TestCaseInput): DuplicateMatch | undefined; add(c: TestCaseInput): void } | undefined> {
  const p = options.paraphrases;
  if (!p || generated.length === 0) return undefined;
  const all = [...existing, ...generated];
  const vectors = await p.embed(all.map(caseText));
  const vectorOf = new Map(all.map((c, i) => [c, vectors[i]!]));
  const seen: Array<{ id: string; print: Fingerprint; vector: ArrayLike<number> }> = existing.map((c) => ({
    id: c.id,
    print: fingerprint(c),
    vector: vectorOf.get(c)!,
  }));
  return {
    find(c) {
      const print = fingerprint(c);
      const vector = vectorOf.get(c)!;
      let best: DuplicateMatch | undefined;
      for (const e of seen) {
        if (!comparable(print, e.print)) continue;
        const s = cosine(vector, e.vector);
        if (s >= p.threshold && (!best || s > best.similarity)) best = { of: e.id, similarity: Number(s.toFixed(3)), by: 'embeddings' };
      }
      return best;
    },
    add(c) {
      seen.push({ id: c.id, print: fingerprint(c), vector: vectorOf.get(c)! });
    },
  };
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
  const { kept, rulesOff, uncoveredByRulesOff } = withoutRulesOff(drafts, options.rulesOff ?? []);
  drafts = kept;

  const normalised = drafts.map((d) => normaliseDraft(d, story, provenance));
  const byId = new Map(existing.map((c) => [c.id.toLowerCase(), c]));
  const index = new DuplicateIndex(existing);
  const fresh: TestCaseInput[] = [];
  const unchanged: string[] = [];
  const edited: GenerateResult['edited'] = [];
  const duplicates: GenerateResult['duplicates'] = [];
  const produced = new Set<string>();
  const paraphrase = await paraphraseFinder(options, existing, normalised);
  for (const c of normalised) {
    produced.add(c.id.toLowerCase());
    const same = byId.get(c.id.toLowerCase());
    if (same) {
      if (sameContent(same, c)) unchanged.push(same.id);
      else edited.push({ id: same.id, title: same.title });
      continue;
    }
    const print = fingerprint(c);
    const dup = index.find(c, undefined, print) ?? paraphrase?.find(c);
    if (dup) {
      duplicates.push({ title: c.title, of: dup.of, similarity: dup.similarity, ...(dup.by === 'embeddings' ? { by: dup.by } : {}) });
      continue;
    }
    index.add(c, print);
    paraphrase?.add(c);
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
  return {
    generator: provenance.generator,
    cases,
    unchanged,
    edited,
    duplicates,
    stale,
    coverage,
    call,
    warnings,
    rulesOff,
    uncoveredByRulesOff,
  };
}
