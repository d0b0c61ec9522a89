import type { Command } from 'commander';
import { EXIT_OK } from '../exit-codes.js';
import type { CommandContext } from '../context.js';

export function registerSchema(program: Command, ctx: CommandContext): void {
  program
    .command('schema')
    .description('print the JSON Schema (draft 2020-12) of a case file')
    .action(
      ctx.action(async () => {
        const { caseFileJsonSchema } = await import('../../model/json-schema.js');
        ctx.io.stdout(`${JSON.stringify(caseFileJsonSchema(), null, 2)}\n`);
        return EXIT_OK;
      }),
    );
}
