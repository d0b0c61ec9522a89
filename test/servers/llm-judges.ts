// Judges for the local OpenAI server: answers the `judge` prompt's structured request
// (prompts/judge.hbs lists the requirements as fenced data after "Requirements:").
import type { IncomingChat } from './server-kit.js';

/** `judge-strict` fails requirements about card details; every other judge model passes everything. */
export function judgeReply(chat: IncomingChat) {
  const prompt = chat.messages.map((m) => m.content).join('\n');
  const requirements = [...prompt.split('Requirements:')[1]!.matchAll(/^- <data>(.+)<\/data>$/gm)].map((m) => m[1]!);
  return {
    results: requirements.map((requirement) => {
      const fails = chat.model === 'judge-strict' && /card details/.test(requirement);
      return { requirement, pass: !fails, reason: fails ? 'the answer asks for the card number' : 'the answer says so' };
    }),
  };
}

/**
 * Three refund cases judged by these judges (target `bot`): the first fails `judge-strict` on one
 * requirement of four (score 0.75: near the threshold), the second is an ensemble where
 * `judge-strict` and `judge-kind` disagree, the third passes. With `story`, the suite names it.
 */
export function refundJudgeCases(story?: string): string {
  return `suite: Refunds
${story ? `story: ${story}\n` : ''}defaults:
  target: bot
cases:
  - id: aaaaaaaa-0000-4000-8000-000000000001
    title: Refund within 30 days
    kind: conversation
    input:
      messages: [{ role: user, content: Can I get a refund after 20 days? }]
    expected:
      requirements: [Confirms the 30-day refund window, Mentions the refund, Is polite, Does not ask for card details]
      assert: [{ type: llm-judge, judge: "local:judge-strict" }]
  - id: aaaaaaaa-0000-4000-8000-000000000002
    title: No card details in the chat
    kind: conversation
    input:
      messages: [{ role: user, content: How do I get my money back? }]
    expected:
      requirements: [Does not ask for card details]
      assert: [{ type: judge-ensemble, judges: ["local:judge-strict", "local:judge-kind"] }]
  - id: aaaaaaaa-0000-4000-8000-000000000003
    title: Polite answer
    kind: conversation
    input:
      messages: [{ role: user, content: Hello }]
    expected:
      requirements: [Is polite]
      assert: [{ type: llm-judge, judge: "local:judge-strict" }]
`;
}
