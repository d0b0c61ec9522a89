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
