// Variables each built-in template is rendered with in the snapshot tests.
const story = {
  key: 'SHOP-142',
  title: 'Reset a forgotten password',
  description: 'As a registered customer I want to reset my password by e-mail.\n\nThe page shows the same confirmation whether or not the address belongs to an account.',
  criteria: [
    { id: 'AC-1', text: 'The login page shows a "Forgot password?" link that opens the reset form.' },
    { id: 'AC-2', text: 'The new password must be at least 8 characters long.' },
  ],
};

export const TEMPLATE_VARIABLES: Record<string, Record<string, unknown>> = {
  'generate-manual-cases': { story, techniques: ['happy-path', 'negative', 'boundary', 'edge'], max: 12, existingTitles: ['Login page shows the reset link'] },
  'generate-conversation-cases': { story, techniques: ['happy-path', 'negative'], systemPrompt: 'You are the Acme shop support assistant. Be brief.' },
  'review-cases': {
    story,
    cases: [{ title: 'Password with 7 characters is refused', covers: ['AC-2'], steps: [{ action: 'Enter Abcdef1', expected: 'Refused' }] }],
  },
  'conversation-to-case': {
    conversation: {
      id: 'conv-0042',
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'I forgot my password, my e-mail is dana@example.com' },
        { role: 'assistant', content: 'Use "Forgot password?" on the login page; we send a link that works for 30 minutes.' },
      ],
    },
    focus: 'password reset help',
  },
  judge: {
    requirements: ['Mentions the "Forgot password?" link', 'Says the link expires after 30 minutes'],
    output: 'Click "Forgot password?" and follow the e-mail.',
    input: [{ role: 'user', content: 'How do I reset my password?' }],
    expected: 'Use "Forgot password?" on the login page; the link works for 30 minutes.',
  },
};
