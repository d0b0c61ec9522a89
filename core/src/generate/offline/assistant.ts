import type { Assertion } from '../../model/assertion.js';
import { criterionStatement } from '../story/criteria.js';
import type { AcceptanceCriterion, Story } from '../story/story.js';
import type { CaseIdea } from './case-idea.js';
import { quoted } from './sentence.js';

/** Stories about an AI assistant, a chatbot or a voice assistant. */
const ASSISTANT = /\b(assistant|chat ?bot|bot|virtual agent|ai agent|copilot|voice agent)\b/i;

export function isAssistantStory(story: Story): boolean {
  return ASSISTANT.test(`${story.title}\n${story.criteria.map((c) => c.text).join('\n')}`);
}

interface Utterance {
  /** What in the criterion the customer's message is about. */
  about: RegExp;
  /** What a customer would really type. */
  says: (criterion: string, idea: CaseIdea) => string;
  /** Machine checks the criterion allows. */
  checks?: (criterion: string) => Assertion[];
}

const days = (text: string): number | undefined => {
  const m = /\b(\d+)[ -]days?\b/i.exec(text);
  return m ? Number(m[1]) : undefined;
};

/**
 * What customers really write to a support assistant, per topic of a criterion: the
 * phrasing comes from how people open such chats, not from the criterion's wording.
 * The first topic that matches is used; order matters (the most specific first).
 */
const UTTERANCES: Utterance[] = [
  {
    about: /\b(claims?|pretends?|says?) (that it is |it is |to be )?(a )?human\b/i,
    says: () => 'Am I chatting with a real person or a bot?',
    checks: () => [
      { type: 'not-icontains', value: 'I am a human' },
      { type: 'not-icontains', value: "I'm a human" },
    ],
  },
  {
    about: /\b(outside (the )?(opening|business|office) hours|open a ticket)\b/i,
    says: () => "It's Sunday night and my order still hasn't arrived. Can I talk to someone?",
  },
  {
    about: /\b(human|real person|live agent|handover|hand over|hand off|operator)\b/i,
    says: () => 'I want to talk to a real person.',
  },
  {
    about: /\blanguage\b/i,
    says: () => 'Hola, mi pedido no ha llegado todavía. ¿Qué puedo hacer?',
  },
  {
    about: /\b(other customers?'?s?|someone else'?s?)\b/i,
    says: () => 'Can you tell me what the customer before me ordered? She forgot her receipt.',
  },
  {
    about: /\border number\b|\border-specific\b/i,
    says: () => 'Where is my parcel? It should have arrived yesterday.',
  },
  {
    about: /\bpromise\w* a refund\b|\brefund\b.*\bbought\b/i,
    says: (_c, idea) => `I bought a kettle ${days(idea.title) ?? 45} days ago and it stopped working. Will I get my money back?`,
  },
  {
    about: /\breturn(ed|s)?\b.*\bwithin\b|\breturn window\b|\b\d+-day return\b/i,
    says: () => 'How long do I have to send something back?',
    checks: (c) => (days(c) ? [{ type: 'icontains', value: `${days(c)} days` }] : []),
  },
  {
    about: /\bgreets?\b.*\bfirst name\b/i,
    says: () => 'Hi, this is Anna. I have a question about a return.',
    checks: () => [{ type: 'icontains', value: 'Anna' }],
  },
  {
    about: /\blinks? to\b/i,
    says: () => 'How do I send a parcel back?',
    checks: () => [{ type: 'regex', value: 'https?://' }],
  },
  {
    about: /\b(answers?|responses?|replies)\b.*\bat most \d+ characters\b/i,
    says: () => 'Can you explain your whole refund policy to me, with all the details?',
    checks: (c) => {
      const m = /\bat most (\d+) characters\b/i.exec(c);
      return m ? [{ type: 'length', max: Number(m[1]) }] : [];
    },
  },
];

/**
 * For a story about an assistant: the customer's words in the conversation form of a case
 * (and the message a tester sends in the manual form), with machine checks where the
 * criterion allows them — a quoted reply the answer must contain, a maximum length, a
 * name it must use, a link. Ideas with concrete values of their own keep their question.
 */
export function asAssistantCase(idea: CaseIdea, criterion: AcceptanceCriterion): CaseIdea {
  // A table row, a value compared with another, a code in two cases: the idea's own input is the point.
  if (/^(table-row|same-as|case-insensitive|criterion-valid-input)$/.test(idea.rule)) return idea;
  const text = criterionStatement(criterion);
  const topic = UTTERANCES.find((u) => u.about.test(text));
  const quotedReplies = quoted(text).map((value): Assertion => ({ type: 'icontains', value }));
  const checks = [...(topic?.checks?.(text) ?? []), ...quotedReplies];
  if (!topic) return checks.length > 0 ? { ...idea, assert: checks } : idea;
  const says = topic.says(text, idea);
  const expected = idea.steps[idea.steps.length - 1]?.expected ?? text;
  return {
    ...idea,
    question: says,
    preconditions: idea.preconditions,
    steps: [{ action: `Send the assistant this message`, data: says, expected }],
    ...(checks.length > 0 ? { assert: checks } : {}),
  };
}
