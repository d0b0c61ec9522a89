// The judge prompt. Issue 4 owns prompts/judge.hbs and the prompt registry; until
// that lands the runner uses this private fallback, written to the same contract:
// the requirements, the conversation and the answer in; one verdict per requirement out.
import type { ChatMessage } from '../../llm/language-model.js';
import type { JudgePromptInput } from './types.js';

const FALLBACK_JUDGE_SYSTEM = `You are a strict, fair test judge for an AI assistant.
You get a conversation, the assistant's final answer and a numbered list of requirements.
For each requirement decide whether the answer meets it. Judge only the answer, use the
conversation as context, and do not reward answers that merely restate the requirement.
Reply with JSON only: {"verdicts": [{"requirement": "<the requirement text>", "pass": true|false, "reason": "<one sentence>"}]}
with exactly one verdict per requirement, in the order given.`;

/** The fallback judge prompt (used until prompts/judge.hbs is available through the prompt registry). */
export function renderFallbackJudgePrompt(input: JudgePromptInput): ChatMessage[] {
  const conversation = input.conversation.map((m) => `[${m.role}] ${m.content}`).join('\n\n');
  const requirements = input.requirements.map((r, i) => `${i + 1}. ${r}`).join('\n');
  const reference = input.expected ? `\n\n<reference_answer>\n${input.expected}\n</reference_answer>` : '';
  return [
    { role: 'system', content: FALLBACK_JUDGE_SYSTEM },
    {
      role: 'user',
      content: `<conversation>\n${conversation}\n</conversation>\n\n<answer>\n${input.output}\n</answer>${reference}\n\n<requirements>\n${requirements}\n</requirements>`,
    },
  ];
}
