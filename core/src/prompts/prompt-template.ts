import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PromptError } from '../errors/prompt-error.js';

export const PromptVariableSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
  description: z.string().optional(),
  required: z.boolean().default(true),
  /** Text from outside (a story, a conversation, a model's output): always fenced as data when rendered. */
  untrusted: z.boolean().default(false),
});
export type PromptVariable = z.infer<typeof PromptVariableSchema>;

/** The front matter of a `prompts/*.hbs` template. */
export const PromptFrontMatterSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, { message: 'must be kebab-case, e.g. generate-manual-cases' }),
  version: z.string().min(1),
  description: z.string().min(1),
  variables: z.array(PromptVariableSchema).default([]),
  /** Name of the output schema (see OUTPUT_SCHEMAS); the schema itself lives in code, never in a template. */
  outputSchema: z.string().min(1),
});
export type PromptFrontMatter = z.infer<typeof PromptFrontMatterSchema>;

export type PromptRole = 'system' | 'user';

/** A parsed template: front matter plus one body per message role. */
export interface PromptTemplate extends PromptFrontMatter {
  /** The template text without front matter. */
  body: string;
  /** Bodies by role, split at `{{!-- role: system --}}` / `{{!-- role: user --}}` markers. */
  sections: Array<{ role: PromptRole; source: string; line: number }>;
  /** True when an org override replaced the built-in template. */
  overridden: boolean;
}

const ROLE_MARKER = /^\{\{!--\s*role:\s*(system|user)\s*--\}\}\s*$/;

/** Parses a template file's text. `name` is used in errors (the file or override id). */
export function parsePromptTemplate(text: string, name: string): PromptTemplate {
  const normal = text.replace(/\r\n?/g, '\n');
  const m = /^---\n([\s\S]*?)\n---\n?/.exec(normal);
  if (!m) throw new PromptError(`${name}: a prompt template starts with YAML front matter between '---' lines`);
  let raw: unknown;
  try {
    raw = parseYaml(m[1] ?? '');
  } catch (error) {
    throw new PromptError(`${name}: front matter is not valid YAML: ${(error as Error).message}`);
  }
  const parsed = PromptFrontMatterSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PromptError(`${name}: front matter ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`);
  }
  const body = normal.slice(m[0].length);
  const headerLines = m[0].split('\n').length - 1;
  const sections: PromptTemplate['sections'] = [];
  let current: { role: PromptRole; lines: string[]; line: number } | undefined;
  body.split('\n').forEach((line, k) => {
    const marker = ROLE_MARKER.exec(line.trim());
    if (marker) {
      if (current) sections.push({ role: current.role, source: current.lines.join('\n').trim(), line: current.line });
      current = { role: marker[1] as PromptRole, lines: [], line: headerLines + k + 2 };
      return;
    }
    if (current) current.lines.push(line);
    else if (line.trim() !== '') current = { role: 'user', lines: [line], line: headerLines + k + 1 };
  });
  if (current) sections.push({ role: current.role, source: current.lines.join('\n').trim(), line: current.line });
  if (sections.length === 0) throw new PromptError(`${name}: the template has no body`);
  return { ...parsed.data, body, sections, overridden: false };
}
