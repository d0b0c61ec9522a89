import Handlebars from 'handlebars';
import type { z } from 'zod';
import { PromptError } from '../errors/prompt-error.js';
import type { ChatMessage } from '../llm/language-model.js';
import { BUILTIN_PARTIALS, BUILTIN_TEMPLATES } from './builtin-templates.js';
import { OUTPUT_SCHEMAS, type OutputSchemaName } from './output-schemas.js';
import { findMissingPaths } from './check-paths.js';
import { parsePromptTemplate, type PromptTemplate } from './prompt-template.js';
import { UntrustedText, wrapUntrusted } from './untrusted.js';

export interface PromptRegistryOptions {
  /** Template texts by file name; default: the built-in `prompts/*.hbs`. */
  templates?: Readonly<Record<string, string>> | undefined;
  /** Partial texts by name; default: the built-in `prompts/partials/*.hbs`. */
  partials?: Readonly<Record<string, string>> | undefined;
  /**
   * An org's replacements, by template id (the Jira app stores them per org).
   * An override keeps the id and the output schema of the template it replaces.
   */
  overrides?: Readonly<Record<string, string>> | undefined;
}

export interface RenderedPrompt {
  id: string;
  version: string;
  overridden: boolean;
  messages: ChatMessage[];
  outputSchemaName: OutputSchemaName;
  outputSchema: z.ZodType;
}

export interface PromptRegistry {
  list(): PromptTemplate[];
  get(id: string): PromptTemplate;
  /** Renders a template to chat messages; a missing variable is a `PromptError` naming it. */
  render(id: string, variables: Record<string, unknown>): RenderedPrompt;
  /** A registry with these overrides applied on top (validated now). */
  withOverrides(overrides: Readonly<Record<string, string>>): PromptRegistry;
}

type Compiled = Array<{ role: ChatMessage['role']; render: Handlebars.TemplateDelegate; line: number; source: string }>;

function missingVariable(error: unknown, source: string, id: string, line: number): PromptError | undefined {
  const m = /^"([^"]+)" not defined in .* - (\d+):(\d+)$/.exec((error as Error)?.message ?? '');
  if (!m) return undefined;
  const srcLine = source.split('\n')[Number(m[2]) - 1] ?? '';
  const path = /^[\w.@/-]+/.exec(srcLine.slice(Number(m[3])))?.[0] ?? m[1];
  return new PromptError(`prompt '${id}': missing variable '${path}' (template line ${line + Number(m[2]) - 1})`, id);
}

/**
 * Loads prompt templates, compiles them strictly (a variable the template uses
 * but the caller did not give is an error), registers partials, and applies
 * org overrides by id. Values of variables declared `untrusted` are fenced as
 * data wherever the template puts them (see untrusted.ts).
 */
export function createPromptRegistry(options: PromptRegistryOptions = {}): PromptRegistry {
  const hb = Handlebars.create();
  const partials = Object.fromEntries(
    Object.entries(options.partials ?? BUILTIN_PARTIALS).map(([name, text]) => [name.replace(/\.hbs$/, ''), text]),
  );
  for (const [name, text] of Object.entries(partials)) hb.registerPartial(name, text);
  hb.registerHelper('json', (value: unknown) => JSON.stringify(value, null, 2));
  hb.registerHelper('join', (value: unknown, sep: unknown) =>
    Array.isArray(value) ? value.map(String).join(typeof sep === 'string' ? sep : ', ') : String(value ?? ''),
  );
  // `fence` fences any value, so a partial fences even a value the caller forgot to mark untrusted.
  hb.registerHelper('fence', (value: unknown) =>
    value instanceof UntrustedText ? value.toString() : new UntrustedText(String(value ?? '')).toString(),
  );

  const templates = new Map<string, PromptTemplate>();
  for (const [file, text] of Object.entries(options.templates ?? BUILTIN_TEMPLATES)) {
    const t = parsePromptTemplate(text, file);
    if (templates.has(t.id)) throw new PromptError(`${file}: duplicate prompt id '${t.id}'`, t.id);
    if (!(t.outputSchema in OUTPUT_SCHEMAS))
      throw new PromptError(`${file}: unknown outputSchema '${t.outputSchema}'; known: ${Object.keys(OUTPUT_SCHEMAS).join(', ')}`, t.id);
    templates.set(t.id, t);
  }
  for (const [id, text] of Object.entries(options.overrides ?? {})) {
    const base = templates.get(id);
    if (!base) throw new PromptError(`override '${id}': no built-in prompt has this id; known: ${[...templates.keys()].join(', ')}`, id);
    const t = parsePromptTemplate(text, `override '${id}'`);
    if (t.id !== id) throw new PromptError(`override '${id}': its front matter says id '${t.id}'`, id);
    if (t.outputSchema !== base.outputSchema) {
      throw new PromptError(`override '${id}': outputSchema must stay '${base.outputSchema}' (found '${t.outputSchema}')`, id);
    }
    // Untrusted stays untrusted: an override cannot declare a built-in untrusted variable as trusted.
    const variables = t.variables.map((v) => (base.variables.find((b) => b.name === v.name)?.untrusted ? { ...v, untrusted: true } : v));
    templates.set(id, { ...t, variables, overridden: true });
  }

  const compiled = new Map<string, Compiled>();
  const compile = (t: PromptTemplate): Compiled => {
    let c = compiled.get(t.id);
    if (!c) {
      try {
        c = t.sections.map((s) => ({
          role: s.role,
          line: s.line,
          source: s.source,
          render: hb.compile(s.source, { strict: true, noEscape: true }),
        }));
      } catch (error) {
        throw new PromptError(`prompt '${t.id}': ${(error as Error).message}`, t.id);
      }
      compiled.set(t.id, c);
    }
    return c;
  };

  const registry: PromptRegistry = {
    list: () => [...templates.values()],
    get(id) {
      const t = templates.get(id);
      if (!t) throw new PromptError(`unknown prompt '${id}'; known: ${[...templates.keys()].join(', ')}`, id);
      return t;
    },
    render(id, variables) {
      const t = registry.get(id);
      const context: Record<string, unknown> = {};
      for (const v of t.variables) {
        const value = variables[v.name];
        if (value === undefined || value === null) {
          if (v.required)
            throw new PromptError(`prompt '${id}': missing variable '${v.name}'${v.description ? ` (${v.description})` : ''}`, id);
          context[v.name] = null;
          continue;
        }
        context[v.name] = v.untrusted ? wrapUntrusted(value) : value;
      }
      for (const name of Object.keys(variables)) {
        if (!t.variables.some((v) => v.name === name))
          throw new PromptError(`prompt '${id}': unknown variable '${name}'; it declares ${t.variables.map((v) => v.name).join(', ')}`, id);
      }
      const messages: ChatMessage[] = [];
      for (const section of compile(t)) {
        const [gap] = findMissingPaths(section.source, context, partials);
        if (gap) throw new PromptError(`prompt '${id}': missing variable '${gap.path}' (template line ${section.line + gap.line - 1})`, id);
        let text: string;
        try {
          text = section.render(context);
        } catch (error) {
          throw (
            missingVariable(error, section.source, id, section.line) ?? new PromptError(`prompt '${id}': ${(error as Error).message}`, id)
          );
        }
        messages.push({ role: section.role, content: text.replace(/\n{3,}/g, '\n\n').trim() });
      }
      const outputSchemaName = t.outputSchema as OutputSchemaName;
      return {
        id: t.id,
        version: t.version,
        overridden: t.overridden,
        messages,
        outputSchemaName,
        outputSchema: OUTPUT_SCHEMAS[outputSchemaName],
      };
    },
    withOverrides(overrides) {
      return createPromptRegistry({
        templates: options.templates,
        partials: options.partials,
        overrides: { ...options.overrides, ...overrides },
      });
    },
  };
  return registry;
}
