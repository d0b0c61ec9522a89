import type { Command } from 'commander';
import { printable } from '../../util/printable.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK } from '../exit-codes.js';

interface SimilarOptions {
  story: string;
  k: number;
  config?: string;
}

export function registerSimilar(program: Command, ctx: CommandContext): void {
  program
    .command('similar')
    .description(
      'list existing cases similar to each acceptance criterion of a story (full-text index of the case files in .casewright/index/, updated incrementally)',
    )
    .requiredOption('--story <file>', 'a Markdown story, a Gherkin feature or a Jira issue JSON')
    .option('--k <n>', 'cases per criterion', ctx.positiveInt('--k'), 5)
    .option('--config <file>', 'casewright.config.yaml to use (default: the nearest one)')
    .action(
      ctx.action(async (options: SimilarOptions) => {
        const [{ cliWorkspace }, { readStory }, { similarCases }] = await Promise.all([
          import('../workspace.js'),
          import('../../workspace/story-job.js'),
          import('../../workspace/index-job.js'),
        ]);
        const ws = await cliWorkspace(ctx, { config: options.config });
        const story = await readStory(ws, { file: options.story, shown: options.story });
        const { criteria, update } = await similarCases(ws, { story, k: options.k });
        const line = (s: string) => ctx.io.stdout(`${printable(s, { singleLine: true })}\n`);
        for (const { criterion, hits } of criteria) {
          line(`${criterion.id}  ${criterion.text}`);
          if (hits.length === 0) line('  (no similar case)');
          for (const hit of hits)
            line(`  ${hit.score.toFixed(1).padStart(5)}  ${hit.doc.title}  [${hit.doc.status ?? ''}] ${hit.doc.file} ${hit.doc.id}`);
        }
        for (const skipped of update.skipped) ctx.io.stderr(`skipped (not readable): ${printable(skipped, { singleLine: true })}\n`);
        ctx.io.stderr(
          `index: ${update.index.size} documents; ${update.updated.length} file${update.updated.length === 1 ? '' : 's'} (re)indexed, ${update.removed.length} removed\n`,
        );
        return EXIT_OK;
      }),
    );
}
