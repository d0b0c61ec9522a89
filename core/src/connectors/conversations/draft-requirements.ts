import type { z } from 'zod';
import type { ChatMessage } from '../../llm/language-model.js';
import type { ModelRouter } from '../../llm/model-router.js';
import type { Conversation } from './conversation-source.js';
import type { ImportedCase } from './to-case.js';

/** The prompt this drafter renders. */
export const CONVERSATION_TO_CASE_PROMPT = 'conversation-to-case';

/** What the drafter needs from the prompt registry (`createPromptRegistry()` in core/src/prompts). */
export interface PromptRenderer {
  render(id: string, variables: Record<string, unknown>): { messages: ChatMessage[]; outputSchema: z.ZodType; outputSchemaName: string };
}

export interface RequirementsDrafterOptions {
  router: ModelRouter;
  prompts: PromptRenderer;
  /** `provider:model` or alias; default: the router's default model for generation. */
  model?: string | undefined;
}

/** What `conversation-to-case` returns that the importer uses (the rest of the draft is ignored). */
interface Drafted {
  case?: { requirements?: unknown };
}

/**
 * Drafts the requirements of an imported case with the `conversation-to-case`
 * prompt through the router (keys, retries, budget and cache are the router's).
 * The prompt sees the case's input turns and the logged answer it is judged
 * against. Returns undefined when the router is offline (no key configured):
 * the import then leaves requirements empty, as the issue asks.
 */
export function createRequirementsDrafter(
  options: RequirementsDrafterOptions,
): ((testCase: ImportedCase, conversation: Conversation, signal?: AbortSignal) => Promise<string[]>) | undefined {
  const { router, prompts } = options;
  if (router.isOffline(options.model)) return undefined;
  const model = options.model ?? router.defaultModel('generate');
  if (!model) return undefined;
  return async (testCase, conversation) => {
    const rendered = prompts.render(CONVERSATION_TO_CASE_PROMPT, {
      conversation: {
        id: conversation.id,
        model: conversation.model,
        messages: [...testCase.input.messages, { role: 'assistant', content: testCase.expected.content }],
      },
      focus: testCase.source.turn !== undefined ? `the assistant's answer at turn ${testCase.source.turn}` : undefined,
    });
    const result = await router.generateObject<Drafted>({
      model,
      messages: rendered.messages,
      schema: rendered.outputSchema as z.ZodType<Drafted>,
      schemaName: rendered.outputSchemaName,
      temperature: 0,
    });
    const requirements = result.object.case?.requirements;
    return Array.isArray(requirements)
      ? requirements.filter((r): r is string => typeof r === 'string' && r.trim() !== '').map((r) => r.trim())
      : [];
  };
}
