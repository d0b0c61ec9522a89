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
      'list existing cases similar to each acceptance criterion of a story (index of the case files in .casewright/index/, updated incrementally; embeddings when index.embeddings has a key, else full text)',
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
          for (const hit of hits) {
            const score = update.mode.kind === 'embeddings' ? hit.score.toFixed(2) : hit.score.toFixed(1);
            line(`  ${score.padStart(5)}  ${hit.doc.title}  [${hit.doc.status ?? ''}] ${hit.doc.file} ${hit.doc.id}`);
          }
        }
        for (const skipped of update.skipped) ctx.io.stderr(`skipped (not readable): ${printable(skipped, { singleLine: true })}\n`);
        ctx.io.stderr(
          `index: ${update.index.size} documents; ${update.updated.length} file${update.updated.length === 1 ? '' : 's'} (re)indexed, ${update.removed.length} removed\n`,
        );
        const mode = update.mode;
        ctx.io.stderr(
          mode.kind === 'embeddings'
            ? `similarity: embeddings (${mode.model}, cosine); ${mode.stats.embedded} text${mode.stats.embedded === 1 ? '' : 's'} embedded, ${mode.stats.cached} from the cache, $${mode.stats.costUsd.toFixed(6)}\n`
            : `similarity: full text (BM25); ${mode.reason}\n`,
        );
        return EXIT_OK;
      }),
    );
}
