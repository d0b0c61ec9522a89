import { GenerationError } from '../errors/generation-error.js';
import type { RoutedResult } from '../llm/model-router.js';
import { DraftCaseListSchema, TECHNIQUES, type DraftCase } from '../model/draft-case.js';
import type { CaseKind, GenerateCasesOptions, GenerationRouter } from './generate-options.js';
import type { GenerationProvenance } from './normalise.js';
import type { Story } from './story/story.js';

/** What a model call cost and who answered, for reports. */
export interface ModelCallInfo {
  /** `provider:model` that answered (the last call when several kinds were generated). */
  model: string;
  promptId: string;
  promptVersion: string;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  latencyMs: number;
  attempts: number;
  calls: number;
}

const PROMPT_FOR: Record<CaseKind, string> = {
  manual: 'generate-manual-cases',
  conversation: 'generate-conversation-cases',
};

/**
 * The criteria as a model sees them: the same ids and texts as everywhere else (the offline
 * generator, coverage, Jira), plus what the story gives with them — a scenario's DataTables
 * and DocStrings as written, a code block of test data.
 */
export function promptCriteria(story: Story): Array<{ id: string; text: string }> {
  return story.criteria.map((c) => ({ id: c.id, text: c.data && c.data.length > 0 ? `${c.text}\n\n${c.data.join('\n\n')}` : c.text }));
}

function splitModel(model: string): { provider?: string; model: string } {
  const i = model.indexOf(':');
  return i > 0 ? { provider: model.slice(0, i), model: model.slice(i + 1) } : { model };
}

/**
 * The model path of `generateCases`: one structured-output call per requested
 * kind, through the router, with the prompt template for that kind. The
 * response schema is `DraftCaseListSchema` — fixed in code, whatever the story
 * or an override template says. Drafts that cover no criterion of the story
 * are dropped (with a warning), unknown criterion ids are removed.
 */
export async function generateWithModel(
  router: GenerationRouter,
  options: GenerateCasesOptions,
): Promise<{ drafts: DraftCase[]; provenance: GenerationProvenance; call: ModelCallInfo; warnings: string[] }> {
  const { story } = options;
  const model = options.model ?? router.defaultModel('generate');
  if (!model) throw new GenerationError('no model to generate with: pass --model provider:model or configure a default model');
  // The templates (and handlebars) load only when a model generates: the offline rules never need them.
  const prompts = options.prompts ?? (await import('../prompts/prompt-registry.js')).createPromptRegistry();
  const kinds = options.kinds && options.kinds.length > 0 ? options.kinds : (['manual'] as const);
  const techniques = options.techniques && options.techniques.length > 0 ? options.techniques : TECHNIQUES;
  const known = new Set(story.criteria.map((c) => c.id));
  const warnings: string[] = [];
  const drafts: DraftCase[] = [];
  let last: RoutedResult | undefined;
  let promptId = '';
  let promptVersion = '';
  const totals = { inputTokens: 0, outputTokens: 0, cost: 0, latencyMs: 0, attempts: 0, calls: 0 };
  const existingTitles = (options.existing ?? []).map((c) => c.title);

  for (const kind of kinds) {
    const id = PROMPT_FOR[kind];
    const variables: Record<string, unknown> = {
      story: {
        ...(story.key ? { key: story.key } : {}),
        title: story.title,
        description: story.description,
        criteria: promptCriteria(story),
      },
      techniques,
      ...(options.max !== undefined ? { max: options.max } : {}),
      ...(existingTitles.length > 0 ? { existingTitles } : {}),
      ...(kind === 'conversation' && options.systemPrompt ? { systemPrompt: options.systemPrompt } : {}),
    };
    const rendered = prompts.render(id, variables);
    promptId = rendered.id;
    promptVersion = rendered.version;
    let result: RoutedResult & { object: { cases: DraftCase[] } };
    try {
      result = await router.generateObject({
        model,
        messages: rendered.messages,
        schema: DraftCaseListSchema,
        schemaName: 'generated_cases',
        schemaDescription: 'Test cases generated from a user story.',
        temperature: 0.2,
        abortSignal: options.signal,
        purpose: 'generate',
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new GenerationError(`generation with ${model} failed: ${message}`, { cause: error });
    }
    last = result;
    totals.inputTokens += result.usage.inputTokens;
    totals.outputTokens += result.usage.outputTokens;
    totals.cost += result.cost;
    totals.latencyMs += result.latencyMs;
    totals.attempts += result.attempts;
    totals.calls += 1;
    warnings.push(...result.warnings);
    for (const draft of result.object.cases) {
      if (draft.kind !== kind) {
        warnings.push(`dropped "${draft.title}": asked for ${kind} cases, got ${draft.kind}`);
        continue;
      }
      const covers = draft.covers.filter((c) => known.has(c));
      const unknown = draft.covers.filter((c) => !known.has(c));
      if (unknown.length > 0) warnings.push(`"${draft.title}": removed unknown criteria ${unknown.join(', ')}`);
      if (covers.length === 0) {
        warnings.push(`dropped "${draft.title}": it covers no criterion of the story`);
        continue;
      }
      const fixed = { ...draft, covers };
      if (fixed.kind === 'conversation') {
        const turns = fixed.messages.filter((m) => m.role !== 'system');
        fixed.messages = options.systemPrompt ? [{ role: 'system', content: options.systemPrompt }, ...turns] : turns;
        if (fixed.messages.length === 0) continue;
      }
      drafts.push(fixed);
    }
  }
  if (!last) throw new GenerationError('nothing was generated');
  const answered = splitModel(last.model);
  return {
    drafts,
    provenance: { generator: 'llm', provider: answered.provider, model: answered.model, promptId, promptVersion },
    call: { model: last.model, promptId, promptVersion, ...totals, cost: Number(totals.cost.toFixed(6)) },
    warnings,
  };
}
