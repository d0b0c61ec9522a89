/**
 * A case as the editor holds it (plain strings and lists, as typed), and back. The
 * editor runs in the browser bundle, so the checks here are the model's rules written
 * plainly (the resolvers validate again with the zod model when saving).
 */
type Json = Record<string, unknown>;

export interface EditState {
  title: string;
  description: string;
  kind: 'manual' | 'conversation';
  priority: 'high' | 'medium' | 'low';
  status: 'draft' | 'ready' | 'deprecated';
  covers: string[];
  preconditions: string[];
  steps: Array<{ action: string; data: string; expected: string }>;
  messages: Array<{ role: 'system' | 'user' | 'assistant'; content: string }>;
  expectedContent: string;
  requirements: string[];
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const list = (v: unknown) => (Array.isArray(v) ? v : []);

export function toEdit(c: Json): EditState {
  const input = (c.input ?? {}) as Json;
  const expected = (c.expected ?? {}) as Json;
  return {
    title: str(c.title),
    description: str(c.description),
    kind: c.kind === 'conversation' ? 'conversation' : 'manual',
    priority: c.priority === 'high' || c.priority === 'low' ? c.priority : 'medium',
    status: c.status === 'ready' || c.status === 'deprecated' ? c.status : 'draft',
    covers: list(c.covers).map(String),
    preconditions: list(c.preconditions).map(String),
    steps: list(c.steps).map((s) => ({
      action: str((s as Json).action),
      data: str((s as Json).data),
      expected: str((s as Json).expected),
    })),
    messages: list(input.messages).map((m) => ({
      role: (m as Json).role === 'system' || (m as Json).role === 'assistant' ? ((m as Json).role as 'system' | 'assistant') : 'user',
      content: str((m as Json).content),
    })),
    expectedContent: str(expected.content),
    requirements: list(expected.requirements).map(String),
  };
}

/** Switching kind keeps what carries over: steps become the user's turn and requirements, and back. */
export function switchKind(e: EditState, kind: EditState['kind']): EditState {
  if (kind === e.kind) return e;
  if (kind === 'conversation') {
    return {
      ...e,
      kind,
      messages:
        e.messages.length > 0
          ? e.messages
          : [
              {
                role: 'user',
                content: e.steps
                  .map((s) => s.action)
                  .filter(Boolean)
                  .join('\n'),
              },
            ],
      requirements: e.requirements.length > 0 ? e.requirements : e.steps.map((s) => s.expected).filter(Boolean),
    };
  }
  const users = e.messages.filter((m) => m.role === 'user');
  return {
    ...e,
    kind,
    steps:
      e.steps.length > 0
        ? e.steps
        : users.map((m, i) => ({ action: m.content, data: '', expected: e.requirements[i] ?? e.expectedContent ?? '' })),
  };
}

export type EditErrors = Record<string, string | undefined>;

export function checkEdit(e: EditState): EditErrors {
  const errors: EditErrors = {};
  if (!e.title.trim()) errors.title = 'A case needs a title.';
  else if (e.title.trim().length > 200) errors.title = `At most 200 characters (now ${e.title.trim().length}).`;
  if (e.description.length > 1000) errors.description = `At most 1000 characters (now ${e.description.length}).`;
  e.preconditions.forEach((p, i) => {
    if (!p.trim()) errors[`preconditions.${i}`] = 'Write the precondition, or remove the row.';
  });
  if (e.kind === 'manual') {
    if (e.steps.length === 0) errors.steps = 'A manual case needs at least one step.';
    e.steps.forEach((s, i) => {
      if (!s.action.trim()) errors[`steps.${i}.action`] = 'Say what to do.';
      if (!s.expected.trim()) errors[`steps.${i}.expected`] = 'Say what should happen.';
    });
  } else {
    if (e.messages.length === 0) errors.messages = 'A conversation case needs at least one message.';
    e.messages.forEach((m, i) => {
      if (!m.content.trim()) errors[`messages.${i}.content`] = 'Write the message, or remove it.';
    });
    e.requirements.forEach((r, i) => {
      if (!r.trim()) errors[`requirements.${i}`] = 'Write the requirement, or remove the row.';
    });
  }
  return errors;
}

/** The edited case: the original's other fields kept, the kind's own parts replaced. */
export function fromEdit(e: EditState, original: Json): Json {
  const { input: _i, expected: _e, target: _t, judge: _j, preconditions: _p, steps: _s, ...common } = original;
  const base: Json = {
    ...common,
    title: e.title.trim(),
    ...(e.description.trim() ? { description: e.description } : { description: undefined }),
    kind: e.kind,
    priority: e.priority,
    status: e.status,
    covers: [...e.covers],
  };
  if (e.kind === 'manual')
    return {
      ...base,
      preconditions: e.preconditions.map((p) => p.trim()),
      steps: e.steps.map((s) => ({
        action: s.action.trim(),
        ...(s.data.trim() ? { data: s.data.trim() } : {}),
        expected: s.expected.trim(),
      })),
    };
  const input = (original.input ?? {}) as Json;
  const expected = (original.expected ?? { requirements: [], assert: [] }) as Json;
  return {
    ...base,
    ...(original.kind === 'conversation' ? { target: original.target, judge: original.judge } : {}),
    input: { ...input, messages: e.messages.map((m) => ({ role: m.role, content: m.content })) },
    expected: {
      ...expected,
      assert: list(expected.assert),
      content: e.expectedContent.trim() ? e.expectedContent : undefined,
      requirements: e.requirements.map((r) => r.trim()),
    },
  };
}

/** What differs between two versions of a case, field by field, in words. */
export function caseDiff(mine: Json, theirs: Json): Array<{ field: string; mine: string; theirs: string }> {
  const a = toEdit(mine);
  const b = toEdit(theirs);
  const out: Array<{ field: string; mine: string; theirs: string }> = [];
  const add = (field: string, x: string, y: string) => {
    if (x !== y) out.push({ field, mine: x || '(empty)', theirs: y || '(empty)' });
  };
  add('Title', a.title, b.title);
  add('Description', a.description, b.description);
  add('Kind', a.kind, b.kind);
  add('Priority', a.priority, b.priority);
  add('Status', a.status, b.status);
  add('Covers', a.covers.join(', '), b.covers.join(', '));
  add('Preconditions', a.preconditions.join('; '), b.preconditions.join('; '));
  for (let i = 0; i < Math.max(a.steps.length, b.steps.length); i++) {
    const x = a.steps[i];
    const y = b.steps[i];
    if (!x || !y) {
      add(`Step ${i + 1}`, x ? `${x.action} → ${x.expected}` : '', y ? `${y.action} → ${y.expected}` : '');
      continue;
    }
    add(`Step ${i + 1} action`, x.action, y.action);
    add(`Step ${i + 1} data`, x.data, y.data);
    add(`Step ${i + 1} expected`, x.expected, y.expected);
  }
  for (let i = 0; i < Math.max(a.messages.length, b.messages.length); i++) {
    const x = a.messages[i];
    const y = b.messages[i];
    add(`Message ${i + 1}`, x ? `${x.role}: ${x.content}` : '', y ? `${y.role}: ${y.content}` : '');
  }
  add('Expected answer', a.expectedContent, b.expectedContent);
  add('Requirements', a.requirements.join('; '), b.requirements.join('; '));
  return out;
}
