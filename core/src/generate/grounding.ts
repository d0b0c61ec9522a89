import type { Decision } from '../model/decision.js';
import { REJECT_REASON_LABELS } from '../model/decision.js';
import { createScanIndex } from '../search/scan-index.js';
import type { CaseIndex } from '../search/case-index.js';
import type { Story } from './story/story.js';

/** How many accepted examples and rejected patterns a generation prompt gets at most (per kind). */
export const GROUNDING_K = 3;

export interface GroundingExample {
  kind: 'manual' | 'conversation';
  title: string;
  text: string;
}

export interface RejectedPattern {
  kind: 'manual' | 'conversation';
  title: string;
  /** The reason from the fixed list in words, and the reviewer's note. */
  reason: string;
}

/** What grounds a model's generation in a team's reviews: its accepted cases for similar stories, and what it rejected. */
export interface Grounding {
  examples: GroundingExample[];
  avoid: RejectedPattern[];
}

/** The query a story is matched with: its title and criteria. */
export const storyQuery = (story: Story) => [story.title, ...story.criteria.map((c) => c.text)].join('\n');

/**
 * The `k` accepted (or edited) cases of the decisions most similar to the story, per kind, as
 * style examples, and the `k` most similar rejected ones as patterns to avoid. The last
 * decision per case counts. Similarity through a `CaseIndex` over the decided cases (by default the scan
 * index: a decisions log is small, and the full-text engine stays out of the bundles that generate).
 */
export function groundingFromDecisions(
  decisions: readonly Decision[],
  story: Story,
  options: { k?: number | undefined; index?: (() => CaseIndex) | undefined } = {},
): Grounding {
  const k = options.k ?? GROUNDING_K;
  const last = new Map<string, Decision>();
  for (const d of decisions) last.set(d.caseId.toLowerCase(), d);
  if (last.size === 0) return { examples: [], avoid: [] };
  const index = options.index?.() ?? createScanIndex();
  index.add(
    [...last.values()].map((d) => ({
      id: d.caseId.toLowerCase(),
      type: 'case' as const,
      title: d.case.title,
      text: d.case.text,
      file: d.file,
      status: d.decision,
    })),
  );
  const query = storyQuery(story);
  const pick = (decision: 'kept' | 'rejected', kind: 'manual' | 'conversation') =>
    index
      .similar(query, {
        k,
        filter: (doc) => {
          const d = last.get(doc.id);
          return !!d && d.case.kind === kind && (decision === 'rejected' ? d.decision === 'rejected' : d.decision !== 'rejected');
        },
      })
      .map((hit) => last.get(hit.doc.id)!);
  const kinds = ['manual', 'conversation'] as const;
  return {
    examples: kinds.flatMap((kind) =>
      pick('kept', kind).map((d) => ({ kind, title: d.case.title, text: d.case.text.replace(/\s*\n\s*/g, ' / ') })),
    ),
    avoid: kinds.flatMap((kind) =>
      pick('rejected', kind).map((d) => ({
        kind,
        title: d.case.title,
        reason: [REJECT_REASON_LABELS[d.reason ?? 'other'], d.note].filter(Boolean).join(': '),
      })),
    ),
  };
}
