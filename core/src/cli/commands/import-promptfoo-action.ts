import path from 'node:path';
import { importPromptfoo } from '../../connectors/promptfoo/import-promptfoo.js';
import { CASE_FILE_SUFFIX } from '../../model/case-file.js';
import { EXIT_OK } from '../exit-codes.js';
import type { CommandContext } from '../context.js';

/** `casewright import --from promptfoo:<config>`: loaded only when asked for. */
export async function promptfooImportCommand(
  ctx: CommandContext,
  config: string,
  options: { out?: string; dryRun?: boolean },
): Promise<number> {
  const { io } = ctx;
  // Default: promptfooconfig.yaml → promptfooconfig.cases.yaml beside it.
  const out = options.out ?? path.join(path.dirname(config), `${path.basename(config).replace(/\.(ya?ml|json)$/i, '')}${CASE_FILE_SUFFIX}`);
  const result = await importPromptfoo({ config, out, cwd: io.cwd, dryRun: options.dryRun });
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  io.stdout(
    `${options.dryRun ? 'Would import' : 'Imported'}: ${n(result.added, 'new case')} in ${result.out} from promptfoo:${config}` +
      `${result.existing ? ` (${result.existing} already in the file, left as they are)` : ''}${options.dryRun ? ' (dry run: nothing written)' : ''}\n`,
  );
  if (result.defaultTarget) io.stdout(`  cases run against target ${result.defaultTarget} unless you pass --target\n`);
  for (const file of result.targetFiles) io.stdout(`  wrote target ${file}\n`);
  if (result.notImported.length) {
    io.stdout(`Not imported (${result.notImported.length}):\n`);
    for (const item of result.notImported) io.stdout(`  ${item.where} ${item.message}\n`);
  }
  return EXIT_OK;
}
