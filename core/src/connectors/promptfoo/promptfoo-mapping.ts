// promptfoo → Casewright, one piece at a time: an assertion becomes an assertion
// or a plain-language requirement (model-graded types); a provider becomes a
// target; a prompt becomes the case's messages. What has no equivalent is
// returned as a problem in words, never dropped silently.
import type { Assertion } from '../../model/assertion.js';
import type { Message } from '../../model/case.js';
import type { TargetConfig } from '../../config/target-config.js';
import type { PromptfooAssertion } from './promptfoo-config.js';

export type Vars = Readonly<Record<string, string | number | boolean>>;

/** What one promptfoo assertion became. */
export type MappedAssertion = { assertion: Assertion } | { requirements: string[] } | { problem: string };

const SIMPLE_VAR = /\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g;

/** Fills `{{var}}` in an assertion value from the test's vars (promptfoo renders values with them). */
export function renderValue(text: string, vars: Vars): string {
  return text.replace(SIMPLE_VAR, (all, name: string) => (vars[name] !== undefined ? String(vars[name]) : all));
}

/** Template expressions in `text` that are not a plain `{{name}}` (Nunjucks filters, tags, loops). */
export function templateExpressions(text: string): string[] {
  return [...text.matchAll(/\{\{[^}]*\}\}|\{%[^%]*%\}/g)].map((m) => m[0]).filter((m) => !/^\{\{\s*[A-Za-z_][\w.-]*\s*\}\}$/.test(m));
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function strings(value: unknown): string[] | undefined {
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value.map(String);
  return undefined;
}

/**
 * A promptfoo `javascript` value as a Casewright expression: a one-line value is
 * an expression, a multi-line one a function body (promptfoo's rule); `context.vars`
 * is the case's vars; a `{pass, score}` result counts by `pass`; a number passes
 * when it reaches `threshold` (or, without one, when it is above 0).
 */
export function javascriptExpression(value: string, threshold: number | undefined): string {
  // A one-line check that needs neither `context` nor a score threshold reads the same in both tools.
  if (!value.includes('\n') && threshold === undefined && !/\bcontext\b/.test(value)) return value.trim();
  const body = value.includes('\n') ? value : `return (${value});`;
  const decide = threshold !== undefined ? `r >= ${threshold}` : 'r > 0';
  return `((context) => {\n  const r = (() => {\n${body}\n})();\n  if (r !== null && typeof r === 'object') return Boolean(r.pass);\n  return typeof r === 'number' ? ${decide} : r;\n})({ vars })`;
}

const GRADED: Record<string, (value: unknown) => string[] | undefined> = {
  'llm-rubric': (v) => (typeof v === 'string' ? [v] : undefined),
  'model-graded-closedqa': (v) => (typeof v === 'string' ? [v] : undefined),
  'g-eval': (v) => (typeof v === 'string' ? [v] : Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined),
  factuality: (v) => (typeof v === 'string' ? [`Is factually consistent with: ${v}`] : undefined),
  'answer-relevance': () => ['Answers the question the user asked, and nothing unrelated'],
};

const NO_EQUIVALENT: Record<string, string> = {
  similar: "embedding similarity has no Casewright equivalent (Casewright's similarity is lexical: levenshtein or rouge-l)",
  levenshtein: 'promptfoo counts an absolute edit distance; Casewright similarity is a ratio (metric: levenshtein, threshold 0..1)',
  'rouge-n': 'ROUGE-N is not a Casewright metric (similarity has rouge-l)',
  'contains-json': 'JSON inside other text is not checked by Casewright (is-json and json-schema check the whole answer)',
  python: 'Python assertions are not run by Casewright (javascript assertions are)',
};

/** Maps one promptfoo assertion (`not-` forms included). */
export function mapAssertion(a: PromptfooAssertion, vars: Vars): MappedAssertion {
  const negated = a.type.startsWith('not-');
  const base = negated ? a.type.slice(4) : a.type;
  const common = { ...(a.weight !== undefined ? { weight: a.weight } : {}), ...(a.metric ? { metric: a.metric } : {}) };
  const type = (name: string) => (negated ? `not-${name}` : name);
  const text = typeof a.value === 'string' ? renderValue(a.value, vars) : typeof a.value === 'number' ? String(a.value) : undefined;
  const make = (assertion: Record<string, unknown>): MappedAssertion => ({ assertion: { ...assertion, ...common } as Assertion });
  if (typeof a.value === 'string' && a.value.startsWith('file://'))
    return { problem: `${a.type}: values read from files (file://) are not imported` };

  if (GRADED[base]) {
    if (negated) return { problem: `${a.type}: a negated model-graded check has no Casewright equivalent` };
    const requirements = GRADED[base](a.value);
    if (!requirements) return { problem: `${a.type}: expected a text value` };
    return { requirements: requirements.map((r) => renderValue(r, vars)) };
  }
  switch (base) {
    case 'equals':
    case 'contains':
    case 'icontains':
    case 'starts-with':
    case 'regex':
      if (text === undefined) return { problem: `${a.type}: only a text value is imported` };
      return make({ type: type(base), value: text });
    case 'contains-any':
    case 'contains-all': {
      const list = strings(a.value)?.map((s) => renderValue(s, vars));
      if (!list?.length) return { problem: `${a.type}: expected a list of strings` };
      return make({ type: type(base), value: list });
    }
    case 'icontains-any': {
      const list = strings(a.value)?.map((s) => renderValue(s, vars));
      if (!list?.length) return { problem: `${a.type}: expected a list of strings` };
      return make({ type: type('regex'), value: list.map(escapeRegex).join('|'), flags: 'i' });
    }
    case 'icontains-all': {
      const list = strings(a.value)?.map((s) => renderValue(s, vars));
      if (!list?.length) return { problem: `${a.type}: expected a list of strings` };
      if (negated) return { problem: `${a.type}: "not all of" has no Casewright equivalent` };
      return make({ type: 'assert-set', assert: list.map((value) => ({ type: 'icontains', value })) });
    }
    case 'is-json':
      if (a.value !== undefined && (typeof a.value !== 'object' || a.value === null || Array.isArray(a.value)))
        return { problem: `${a.type}: only an inline JSON Schema value is imported` };
      return make({ type: type('is-json'), ...(a.value !== undefined ? { value: a.value } : {}) });
    case 'javascript':
      if (typeof a.value !== 'string') return { problem: `${a.type}: expected JavaScript code as text` };
      return make({ type: type('javascript'), value: javascriptExpression(a.value, a.threshold) });
    case 'latency':
    case 'cost':
      if (negated) return { problem: `${a.type}: has no Casewright equivalent` };
      if (a.threshold === undefined) return { problem: `${a.type}: needs a threshold` };
      return make({ type: base, max: a.threshold });
    case 'assert-set': {
      if (negated) return { problem: `${a.type}: has no Casewright equivalent` };
      const children: Assertion[] = [];
      for (const child of a.assert ?? []) {
        const mapped = mapAssertion(child as PromptfooAssertion, vars);
        if ('problem' in mapped) return { problem: `assert-set: ${mapped.problem}` };
        if ('requirements' in mapped) return { problem: 'assert-set: a model-graded check inside a set is not imported' };
        children.push(mapped.assertion);
      }
      if (children.length === 0) return { problem: 'assert-set: has no assertions' };
      return make({ type: 'assert-set', assert: children, ...(a.threshold !== undefined ? { threshold: a.threshold } : {}) });
    }
    default:
      return { problem: `${a.type}: ${NO_EQUIVALENT[base] ?? 'has no Casewright equivalent'}` };
  }
}

/** What one promptfoo provider became: a named target, or why it has none. */
export type MappedProvider = { name: string; target: TargetConfig; notes: string[] } | { label: string; problem: string };

const targetName = (text: string) =>
  text
    .replace(/^https?:\/\//, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'promptfoo-provider';

/** promptfoo's `{{prompt}}` and `{{var}}` in an HTTP body → Casewright's Handlebars values (`prompt`, `vars.var`). */
function httpTemplate(value: unknown): unknown {
  if (typeof value === 'string')
    return value.replace(SIMPLE_VAR, (_all, name: string) => (name === 'prompt' ? '{{prompt}}' : `{{vars.${name}}}`));
  if (Array.isArray(value)) return value.map(httpTemplate);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, httpTemplate(v)]));
  return value;
}

const MODEL_PROVIDERS: [RegExp, string][] = [
  [/^openai:(?:chat:)?([^:]+)$/, 'openai'],
  [/^anthropic:(?:messages:)?([^:]+)$/, 'anthropic'],
  [/^(?:google|gemini):([^:]+)$/, 'google'],
  [/^azure(?:openai)?:chat:([^:]+)$/, 'azure'],
];

/** Maps one entry of promptfoo's `providers` (a string id, or `{id, label, config}`). */
export function mapProvider(provider: unknown): MappedProvider {
  const entry =
    typeof provider === 'string'
      ? { id: provider }
      : ((provider ?? {}) as { id?: string; label?: string; config?: Record<string, unknown> });
  const id = entry.id ?? '';
  const label = entry.label ?? id;
  const config = entry.config ?? {};
  const notes: string[] = [];
  for (const [pattern, vendor] of MODEL_PROVIDERS) {
    const match = pattern.exec(id);
    if (!match) continue;
    const target: TargetConfig = { type: 'model', model: `${vendor}:${match[1]}` };
    if (typeof config.temperature === 'number') target.temperature = config.temperature;
    const max = config.max_tokens ?? config.max_completion_tokens ?? config.maxOutputTokens;
    if (typeof max === 'number') target.maxOutputTokens = max;
    const ignored = Object.keys(config).filter(
      (k) => !['temperature', 'max_tokens', 'max_completion_tokens', 'maxOutputTokens'].includes(k),
    );
    if (ignored.length) notes.push(`${label}: config ${ignored.join(', ')} not imported (set providers: in casewright.config.yaml)`);
    return { name: targetName(entry.label ?? `${vendor}-${match[1]}`), target, notes };
  }
  if (id === 'http' || id === 'https' || /^https?:\/\//.test(id)) {
    const url = typeof config.url === 'string' ? config.url : /^https?:\/\//.test(id) ? id : undefined;
    if (!url) return { label, problem: `${label}: an http provider needs config.url` };
    const method = typeof config.method === 'string' ? config.method.toUpperCase() : 'POST';
    if (!['POST', 'PUT', 'GET'].includes(method))
      return { label, problem: `${label}: method ${method} is not supported (POST, PUT or GET)` };
    const target: TargetConfig = { type: 'http', url: url.replace(SIMPLE_VAR, (_a, n: string) => `\${${n}}`), method: method as 'POST' };
    if (config.headers && typeof config.headers === 'object') target.headers = config.headers as Record<string, string>;
    if (config.body !== undefined) target.body = httpTemplate(config.body);
    const transform = config.transformResponse ?? config.responseParser;
    if (typeof transform === 'string') {
      const path = /^json\.([\w$.[\]]+)$/.exec(transform.trim());
      if (path) target.responsePath = path[1];
      else notes.push(`${label}: transformResponse '${transform}' not imported (set responsePath in the target)`);
    } else if (transform !== undefined) notes.push(`${label}: transformResponse not imported (set responsePath in the target)`);
    return { name: targetName(entry.label ?? url), target, notes };
  }
  return {
    label,
    problem: `${label || 'a provider without id'}: no Casewright target type for it (declare an http, command or model target yourself)`,
  };
}

/** A promptfoo prompt (text, or a JSON chat: `[{role, content}]`) as case messages. */
export function promptMessages(raw: string): Message[] | { problem: string } {
  const trimmed = raw.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      return [{ role: 'user', content: raw }];
    }
    if (!Array.isArray(parsed)) return [{ role: 'user', content: raw }];
    const messages: Message[] = [];
    for (const m of parsed) {
      const role = (m as { role?: unknown })?.role;
      const content = (m as { content?: unknown })?.content;
      if ((role !== 'system' && role !== 'user' && role !== 'assistant') || typeof content !== 'string')
        return {
          problem: `a chat prompt message must have role system, user or assistant and text content; found ${JSON.stringify(m).slice(0, 80)}`,
        };
      messages.push({ role, content });
    }
    return messages;
  }
  return [{ role: 'user', content: raw }];
}
