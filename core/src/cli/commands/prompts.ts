import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../../errors/usage-error.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK } from '../exit-codes.js';

async function readText(file: string, cwd: string, what: string): Promise<string> {
  try {
    return await readFile(path.resolve(cwd, file), 'utf8');
  } catch {
    throw new UsageError(`${what} ${file}: no such file`);
  }
}

export function registerPrompts(program: Command, ctx: CommandContext): void {
  const prompts = program.command('prompts').description('list and render the prompt templates (prompts/*.hbs)');
  prompts
    .command('list')
    .description('list the templates: id, version, output schema, variables')
    .action(
      ctx.action(async () => {
        const { createPromptRegistry } = await import('../../prompts/prompt-registry.js');
        for (const t of createPromptRegistry().list()) {
          const vars = t.variables.map((v) => `${v.name}${v.required ? '' : '?'}${v.untrusted ? ' (untrusted)' : ''}`).join(', ');
          ctx.io.stdout(`${t.id}@${t.version}  → ${t.outputSchema}\n  ${t.description}\n  variables: ${vars}\n`);
        }
        return EXIT_OK;
      }),
    );
  prompts
    .command('render')
    .description('render a template with variables from a JSON file and print the messages')
    .argument('<id>', 'template id, e.g. generate-manual-cases')
    .requiredOption('--vars <file.json>', 'the variables as a JSON object')
    .option('--override <file.hbs>', 'render this override of the template instead (as an org would store it)')
    .action(
      ctx.action(async (id: string, options: { vars: string; override?: string }) => {
        const text = await readText(options.vars, ctx.io.cwd, '--vars');
        let variables: unknown;
        try {
          variables = JSON.parse(text);
        } catch (error) {
          throw new UsageError(`--vars ${options.vars}: not valid JSON: ${(error as Error).message}`);
        }
        if (typeof variables !== 'object' || variables === null || Array.isArray(variables))
          throw new UsageError(`--vars ${options.vars}: expected a JSON object of variables`);
        const [{ createPromptRegistry }, { parsePromptTemplate }] = await Promise.all([
          import('../../prompts/prompt-registry.js'),
          import('../../prompts/prompt-template.js'),
        ]);
        let registry = createPromptRegistry();
        if (options.override) {
          const override = await readText(options.override, ctx.io.cwd, '--override');
          parsePromptTemplate(override, options.override);
          registry = registry.withOverrides({ [id]: override });
        }
        const rendered = registry.render(id, variables as Record<string, unknown>);
        ctx.io.stdout(`# ${rendered.id}@${rendered.version}${rendered.overridden ? ' (override)' : ''} → ${rendered.outputSchemaName}\n`);
        for (const m of rendered.messages) ctx.io.stdout(`\n=== ${m.role} ===\n${m.content}\n`);
        return EXIT_OK;
      }),
    );
}
