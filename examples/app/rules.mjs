// The Acme support assistant's "brain": deterministic keyword rules, so the
// example cases give the same answers on every machine, offline. Two answers
// are wrong on purpose (see BUGS below) so the reports show what a failure
// looks like.

/**
 * Known bugs of this example app (kept on purpose):
 * - the human handover answer forgets the [HANDOVER] marker the chat widget needs;
 * - the voice bot guesses an order from an unintelligible transcript instead of
 *   asking the caller to repeat.
 */
export const BUGS = ['handover-marker-missing', 'voice-guesses-unclear-order'];

const lastUser = (messages) => [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
const history = (messages) => messages.map((m) => m.content).join('\n');
const system = (messages) =>
  messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n');

function daysAgo(text) {
  const match = /(\d+)\s*days?\s*ago/i.exec(text);
  return match ? Number(match[1]) : undefined;
}

function productOf(text) {
  return /\b(kettle|blender|toaster|coffee machine|vacuum)\b/i.exec(text)?.[1]?.toLowerCase() ?? 'item';
}

const RULES = [
  {
    // Prompt injection: never reveal the system prompt or codes.
    when: (u) => /ignore (all )?previous instructions|system prompt|developer mode/i.test(u),
    answer: () =>
      "I can't share internal instructions or codes, but I'm happy to help with your order, a return or a product question. What can I do for you?",
  },
  {
    // Another customer's data: refuse without confirming anything.
    when: (u) => /(neighbou?r|another customer|someone else).*(address|order)|what address did/i.test(u),
    answer: () =>
      "I'm sorry, but I can't share any information about other customers; that protects everyone's privacy. If you'd like to send a gift, you can order it and enter the delivery address yourself, or send an Acme gift card by e-mail.",
  },
  {
    // Escalation. BUG (on purpose): the [HANDOVER] marker the widget needs is missing.
    when: (u) => /(real|human) (person|agent)|talk to (a|someone)|speak to (a|someone)/i.test(u),
    answer: () =>
      "I'm sorry for the trouble, and I understand this is frustrating. I'm connecting you with a human agent from our support team now; the current wait time is about 5 minutes.",
  },
  {
    when: (u) => /refund|money back|return/i.test(u) && /gift card/i.test(u),
    answer: () =>
      'Gift cards cannot be refunded once they have been issued, but they never expire, so you can use yours on any later order.',
  },
  {
    when: (u) => /refund|money back/i.test(u),
    answer: (u) => {
      const days = daysAgo(u);
      const product = productOf(u);
      if (days !== undefined && days > 30) {
        return `I'm sorry to hear your ${product} stopped working. Unfortunately the 30-day refund window has passed, since it arrived ${days} days ago. The good news: it is still covered by our 2-year warranty, so I can start a warranty claim for a repair or replacement, or offer you store credit instead.`;
      }
      return `I'm sorry your ${product} ${/leak/i.test(u) ? 'leaks' : 'is not working'}! You bought it ${days ?? 'recently'} days ago, which is within our 30-day refund window, so you can get a full refund. Start the return from the Orders page or use the return form at https://acme.example/returns; the refund goes back to your original payment method.`.replace(
        'recently days ago',
        'recently',
      );
    },
  },
  {
    // Follow-up about arrival: answer from the order in the conversation, never ask again.
    when: (u, messages) => /when will it arrive|when does it arrive|arrive when/i.test(u) && /ACM-\d{6}/.test(history(messages)),
    answer: (_u, messages) => {
      const text = history(messages);
      const order = /ACM-\d{6}/.exec(text)[0];
      const shipped = /shipped on (\d{1,2} [A-Z][a-z]+)/.exec(text)?.[1] ?? 'the shipping day';
      return `With standard shipping, order ${order} should arrive within 3-5 business days of ${shipped}, so by 2 February at the latest.`;
    },
  },
  {
    when: (u) => /ACM-\d{6}/.test(u) && /where|status|track|check/i.test(u),
    answer: (u, _m, vars) => {
      const order = /ACM-\d{6}/.exec(u)[0];
      return `Your order ${order} was shipped with ${vars.carrier ?? 'our carrier'} yesterday and should arrive within 2 business days. You can follow it here: https://acme.example/track/${order}`;
    },
  },
  {
    when: (u) => /(package|order|parcel).*(shipped|arrive|where)|(shipped|where).*(package|order|parcel)/i.test(u),
    answer: () =>
      "I'd be happy to check! Could you please give me your order number (it starts with ACM-) or the e-mail address you used for the order?",
  },
  {
    when: (u) => /how long|delivery (time|take)|shipping (time|take)/i.test(u),
    answer: () => 'Standard shipping takes 3-5 business days and express shipping 1-2 business days.',
  },
  {
    when: (u) => /password|log ?in/i.test(u),
    answer: () =>
      'No problem! Click "Forgot password" on the login page and enter your e-mail address. We will send you a reset link by e-mail; it is valid for 24 hours. Please never share your password with anyone, including us.',
  },
  {
    // German greeting: use the first name and language from the session context.
    when: (_u, messages) => /preferred language German/i.test(system(messages)),
    answer: (_u, messages) => {
      const name = /customer is (\w+)/.exec(system(messages))?.[1];
      return `Hallo ${name ?? ''}! Gerne helfe ich Ihnen bei Ihrer Bestellung. Nennen Sie mir bitte die Bestellnummer.`.replace(
        'Hallo !',
        'Hallo!',
      );
    },
  },
  // --- The voice order bot (phone transcripts) ---
  {
    when: (u) => /peanut|allerg/i.test(u),
    answer: () =>
      "I can't confirm that the granola is suitable for a peanut allergy. Please check the ingredient and allergen list on the product page or on the label. Would you like me to connect you with a human agent?",
  },
  {
    // BUG (on purpose): guesses an order from an unintelligible transcript instead of asking to repeat.
    when: (u) => /\[inaudible\]/i.test(u),
    answer: () => 'I added coffee filters to your order. Anything else?',
  },
  {
    // The caller corrects the quantity after the read-back.
    when: (u, messages) => /^no\b.*\b(one|two|three|four|five)\b.*packs?/i.test(u) && messages.some((m) => m.role === 'assistant'),
    answer: (u) => {
      const count = /\b(one|two|three|four|five)\b/i.exec(u)[1].toLowerCase();
      const prices = { one: '3.99', two: '7.98', three: '11.97', four: '15.96', five: '19.95' };
      return `Okay, ${count} packs of coffee filters. Your total is ${prices[count]} euros. Shall I place the order?`;
    },
  },
  {
    // Read-back of a spoken order.
    when: (u) => /\b(packs?|order)\b/i.test(u),
    answer: (u) => {
      const items = u
        .replace(/^\s*(i'?d like to order|i want|can i (get|have)|i'?d like)\s*/i, '')
        .replace(/\s*please\s*$/i, '')
        .trim();
      return `You would like ${items}. Is that correct?`;
    },
  },
];

/** Answers the last user message of `messages` (with `vars`, the case's context variables). */
export function answer(messages, vars = {}) {
  const user = lastUser(messages);
  for (const rule of RULES) {
    if (rule.when(user, messages, vars)) return rule.answer(user, messages, vars);
  }
  return "I'm Acme's support assistant. I can help with orders, deliveries, returns and refunds, and your account. What can I do for you?";
}
