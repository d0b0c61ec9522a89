// Generates examples/conversations.jsonl: realistic Acme shop support-assistant
// conversations (refunds, tracking, shipping, passwords, escalation) with a
// fixed seed, so the file is the same on every machine.
//   node scripts/generate-conversations.mjs [count] [out] [seed]
// The import benchmark reuses `generateConversations` for its large data sets.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** mulberry32: a tiny seeded PRNG, enough for example data. */
export function createRandom(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  return { next, int, pick };
}

const SYSTEM =
  'You are the Acme shop support assistant. Be friendly and concise. Refunds are possible within 30 days of delivery. Never ask for passwords or full card numbers. Hand over to a human agent when the customer asks or when you cannot help.';
const MODELS = ['gpt-4o-mini', 'gpt-4.1-mini', 'claude-3-5-haiku', 'gemini-2.0-flash'];
const PRODUCTS = [
  'kettle',
  'toaster',
  'desk lamp',
  'coffee grinder',
  'blender',
  'rice cooker',
  'hair dryer',
  'bluetooth speaker',
  'backpack',
  'running shoes',
  'yoga mat',
  'air fryer',
];
const CARRIERS = ['UPS', 'DHL', 'FedEx', 'USPS'];
const NAMES = ['Maya', 'Jonas', 'Priya', 'Lucas', 'Sofia', 'Omar', 'Hannah', 'Kenji', 'Elena', 'Sam', 'Aisha', 'Tom'];

function topics(r) {
  const order = `A-${r.int(100000, 999999)}`;
  const product = r.pick(PRODUCTS);
  const days = r.int(2, 45);
  const carrier = r.pick(CARRIERS);
  const tracking = `${carrier === 'UPS' ? '1Z' : ''}${r.int(10000000, 99999999)}${r.int(1000, 9999)}`;
  const name = r.pick(NAMES);
  return {
    refund: () => {
      const within = days <= 30;
      const turns = [
        [
          'user',
          r.pick([
            `Hi, I bought a ${product} ${days} days ago and it stopped working. Can I get a refund?`,
            `I want my money back for the ${product} from order ${order}. It arrived ${days} days ago and it's not what I expected.`,
            `hello, how do refunds work? my ${product} (order ${order}) is broken, delivered ${days} days ago`,
          ]),
        ],
        [
          'assistant',
          within
            ? `I'm sorry to hear that, ${name}! Your ${product} was delivered ${days} days ago, which is within our 30-day refund window. You can start the return from Orders → ${order} → "Return item". Once we receive it, the refund goes back to your original payment method within 5–7 business days.`
            : `I'm sorry about the trouble with your ${product}. Our refund window is 30 days from delivery, and order ${order} was delivered ${days} days ago, so I can't offer a refund. The ${product} is still under the 1-year manufacturer warranty, though: I can help you file a warranty claim if you like.`,
        ],
      ];
      if (r.next() < 0.5) {
        turns.push([
          'user',
          within
            ? r.pick(['Do I have to pay for the return shipping?', 'Can I get store credit instead?', 'How long until I see the money?'])
            : r.pick(['That is ridiculous, I want to talk to a person.', 'OK, how do I file the warranty claim?']),
        ]);
        turns.push([
          'assistant',
          within
            ? r.pick([
                'Returns of faulty items are free: the return label in your Orders page is prepaid.',
                'Yes: choose "Store credit" when you start the return and the credit is added to your account as soon as we receive the item.',
                'Refunds reach your card 5–7 business days after the return arrives at our warehouse. You will get an email when it is issued.',
              ])
            : r.next() < 0.5
              ? 'I understand. I am handing this conversation over to a human agent now; they will reply here within a few minutes.'
              : `Go to Orders → ${order} → "Warranty claim", describe the fault and add a photo. The manufacturer usually answers within 3 business days.`,
        ]);
      }
      return turns;
    },
    tracking: () => {
      const turns = [
        [
          'user',
          r.pick([
            `Where is my order ${order}?`,
            `my package hasn't arrived yet, order number ${order}`,
            `Can you track order ${order} for me? It was supposed to be here ${r.pick(['Monday', 'Tuesday', 'yesterday', 'last week'])}.`,
          ]),
        ],
        [
          'assistant',
          r.pick([
            `Order ${order} shipped with ${carrier} (tracking ${tracking}). It is in transit and expected on ${r.pick(['Thursday', 'Friday', 'Monday'])}. You can follow it on the carrier's site with that tracking number.`,
            `I checked order ${order}: ${carrier} shows it as "out for delivery" today. If it hasn't arrived by 8 pm, let me know and I'll open a carrier investigation.`,
            `Order ${order} is delayed at the ${carrier} hub. I'm sorry about that! The new estimate is ${r.int(2, 4)} business days. I've added a $5 voucher to your account for the wait.`,
          ]),
        ],
      ];
      if (r.next() < 0.35) {
        turns.push(['user', r.pick(['Can I change the delivery address?', 'It says delivered but I have nothing!', 'thanks!'])]);
        turns.push([
          'assistant',
          r.pick([
            'Once a parcel has shipped, only the carrier can redirect it: use the "Change delivery" link on the tracking page.',
            'I am sorry! Please check with neighbours and your mailbox first. If it is still missing after 24 hours, I will open a lost-parcel claim and send a replacement or a refund.',
            "You're welcome! Anything else I can help with?",
          ]),
        ]);
      }
      return turns;
    },
    shipping: () =>
      r.pick([
        [
          ['user', 'How long does shipping take?'],
          [
            'assistant',
            'Standard shipping takes 3–5 business days and is free over $50. Express shipping takes 1–2 business days and costs $12.99.',
          ],
        ],
        [
          ['user', 'Do you ship to Canada?'],
          [
            'assistant',
            'Yes, we ship to Canada and the UK. International delivery takes 7–12 business days; duties are shown at checkout.',
          ],
        ],
        [
          ['user', 'What does express shipping cost?'],
          ['assistant', 'Express shipping costs $12.99 and delivers in 1–2 business days. Standard shipping is free on orders over $50.'],
        ],
        [
          ['user', `If I order the ${product} today, when will it arrive?`],
          [
            'assistant',
            `Orders placed before 2 pm ship the same day. With standard shipping your ${product} arrives in 3–5 business days, with express in 1–2.`,
          ],
        ],
      ]),
    password: () => {
      const turns = [
        [
          'user',
          r.pick([
            "I can't log in, I forgot my password",
            'how do I reset my password?',
            `My password is ${r.pick(['Sunshine2024', 'hunter2', 'acme1234'])} and it doesn't work`,
          ]),
        ],
        [
          'assistant',
          'Let\'s get you back in! Click "Forgot password" on the sign-in page and enter your account email. You will get a reset link that is valid for 30 minutes. For your security, please never share your password with anyone, including me.',
        ],
      ];
      if (r.next() < 0.4) {
        turns.push(['user', r.pick(['I never got the email', 'The link says expired'])]);
        turns.push([
          'assistant',
          r.pick([
            'Please check your spam folder and make sure you used the email address on your account. You can request a new link after 2 minutes.',
            'Reset links expire after 30 minutes. Just request a new one from the sign-in page and use it right away.',
          ]),
        ]);
      }
      return turns;
    },
    escalation: () => [
      [
        'user',
        r.pick([
          'I want to speak to a human.',
          `This is the third time I'm asking about order ${order}. Get me a real person NOW.`,
          'Can I talk to an agent please?',
        ]),
      ],
      [
        'assistant',
        r.pick([
          'Of course. I am handing this conversation over to a human agent now; the current wait time is about 4 minutes. Everything you wrote here will be visible to them.',
          `I'm sorry for the frustration, ${name}. I've escalated order ${order} to our support team with high priority, and a human agent will join this chat shortly.`,
        ]),
      ],
    ],
  };
}

const WEIGHTS = [
  ['refund', 30],
  ['tracking', 30],
  ['shipping', 15],
  ['password', 15],
  ['escalation', 10],
];

/** Yields `count` conversations as plain objects, oldest first, over `days` days from `start`. */
export function* generateConversations(count, seed = 42, { start = Date.parse('2026-06-01T00:00:00Z'), days = 92 } = {}) {
  const r = createRandom(seed);
  const span = days * 86_400_000;
  const step = span / count;
  for (let i = 0; i < count; i++) {
    const t = topics(r);
    let roll = r.int(1, 100);
    let topic = 'refund';
    for (const [name, weight] of WEIGHTS) {
      if (roll <= weight) {
        topic = name;
        break;
      }
      roll -= weight;
    }
    const turns = t[topic]();
    const messages = [
      ...(r.next() < 0.6 ? [{ role: 'system', content: SYSTEM }] : []),
      ...turns.map(([role, content]) => ({ role, content })),
    ];
    const timestamp = new Date(Math.floor(start + i * step + r.next() * step)).toISOString();
    const rating = r.next() < 0.7 ? r.int(1, 5) : null;
    yield {
      id: `conv-${String(i + 1).padStart(6, '0')}`,
      model: r.pick(MODELS),
      timestamp,
      messages,
      metadata: {
        channel: r.pick(['web', 'web', 'app', 'email']),
        locale: r.pick(['en-US', 'en-US', 'en-GB', 'en-IE']),
        topic,
        ...(rating === null ? {} : { rating }),
      },
    };
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const count = Number(process.argv[2] ?? 300);
  const out = process.argv[3] ?? fileURLToPath(new URL('../examples/conversations.jsonl', import.meta.url));
  const seed = Number(process.argv[4] ?? 42);
  const lines = [];
  for (const c of generateConversations(count, seed)) lines.push(JSON.stringify(c));
  writeFileSync(out, `${lines.join('\n')}\n`);
  console.log(`wrote ${count} conversations to ${out}`);
}
