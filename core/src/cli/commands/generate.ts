import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { UsageError } from '../../errors/usage-error.js';
import type { CaseKind } from '../../generate/generate-options.js';
import type { GenerateResult } from '../../generate/generate-cases.js';
import { CASE_FILE_SUFFIX } from '../../model/case-file-name.js';
import { TECHNIQUES, type Technique } from '../../model/techniques.js';
import type { CommandContext } from '../context.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';

interface GenerateOptions {
  story?: string;
  jira?: string;
  out?: string;
  model?: string;
  kinds: CaseKind[];
  max?: number;
  techniques?: Technique[];
  systemPrompt?: string;
  offline?: boolean;
  requireCoverage?: boolean;
  dryRun?: boolean;
  config?: string;
  cache: boolean;
  learning: boolean;
}

function list<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T[] => {
    const items = value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = items.filter((i) => !(allowed as readonly string[]).includes(i));
    if (items.length === 0 || bad.length > 0)
      throw new InvalidArgumentError(
        `${name} takes a comma-separated list of ${allowed.join(', ')}${bad.length ? `; unknown: ${bad.join(', ')}` : ''}`,
      );
    return [...new Set(items)] as T[];
  };
}

/** What the decisions changed in this generation, as the generate output says it (which rule, why, how to reset). */
export function formatLearning(result: GenerateResult): string[] {
  const learned = result.learnedFrom;
  if (!learned) return [];
  const lines = learned.warnings.map((w) => `warning: ${w}`);
  if (learned.examples + learned.avoid > 0)
    lines.push(
      `grounded in your reviews (${learned.file}): ${learned.examples} accepted case${learned.examples === 1 ? '' : 's'} of similar stories as examples, ${learned.avoid} rejected as patterns to avoid`,
    );
  for (const r of result.rulesOff) {
    const reasons = Object.entries(r.reasons)
      .map(([reason, n]) => `${reason} ×${n}`)
      .join(', ');
    lines.push(
      `rule ${r.rule} is off for this project: reviewers rejected its cases ${r.rejected} of ${r.decided} times (${reasons}); left out ${r.skipped} case${r.skipped === 1 ? '' : 's'}`,
    );
  }
  if (result.uncoveredByRulesOff.length > 0)
    lines.push(`no case for ${result.uncoveredByRulesOff.join(', ')}: only rules that are off would cover it; write one by hand`);
  if (result.rulesOff.length > 0)
    lines.push(
      `to turn it back on: delete the lines with ${result.rulesOff.map((r) => `"rule":"${r.rule}"`).join(' or ')} from ${learned.file} (or the whole file); --no-learning ignores the decisions for one run`,
    );
  return lines;
}

export function registerGenerate(program: Command, ctx: CommandContext): void {
  program
    .command('generate')
    .description(
      'generate test cases from a story and merge them into a case file (offline rules without a key, else the configured model)',
    )
    .option(
      '--story <file>',
      'a Markdown story (.md), a Gherkin feature (.feature, .feature.md) or a Jira issue JSON (.json, as GET /rest/api/3/issue/{key} returns it)',
    )
    .option(
      '--jira <KEY>',
      'a Jira issue key, fetched from the configured Jira site (jira.site / JIRA_BASE_URL, JIRA_EMAIL, JIRA_API_TOKEN)',
    )
    .option(
      '--out <file>',
      `the case file to merge into (default: <story>${CASE_FILE_SUFFIX} beside the story, or <KEY>${CASE_FILE_SUFFIX} for --jira)`,
    )
    .option('--model <provider:model>', 'the model (or alias) to generate with; default: the configured default, or offline without a key')
    .option('--kinds <list>', 'kinds of case: manual, conversation', list('--kinds', ['manual', 'conversation'] as const), ['manual'])
    .option('--max <n>', 'at most this many new cases (every criterion gets one first)', ctx.positiveInt('--max'))
    .option('--techniques <list>', `techniques: ${TECHNIQUES.join(', ')} (default: all)`, list('--techniques', TECHNIQUES))
    .option('--system-prompt <text>', 'system prompt of the assistant under test for conversation cases (@file reads a file)')
    .option('--offline', 'use the offline rule-based generator even when a key is configured')
    .option('--require-coverage', 'exit 1 when a criterion has no case')
    .option('--dry-run', 'print the new cases and the coverage; write nothing')
    .option('--config <file>', 'casewright.config.yaml to use (default: the nearest one)')
    .option('--no-cache', 'do not use the response cache')
    .option('--no-learning', 'ignore the review decisions in .casewright/decisions.jsonl (rules they turned off fire again)')
    .action(
      ctx.action(async (options: GenerateOptions) => {
        if (Boolean(options.story) === Boolean(options.jira))
          throw new UsageError('generate needs exactly one of --story <file> or --jira <KEY>');
        if (options.offline && options.model)
          throw new UsageError(
            '--offline and --model exclude each other: --offline uses the rule-based generator, --model a provider model',
          );
        const [
          { stringify },
          { formatCoverageTable },
          { YAML_WRITE_OPTIONS },
          { generateIntoCaseFile },
          { checkJiraKey, readStory },
          { cliWorkspace },
        ] = await Promise.all([
          import('yaml'),
          import('../../generate/coverage.js'),
          import('../../model/case-file-editor.js'),
          import('../../workspace/generate-job.js'),
          import('../../workspace/story-job.js'),
          import('../workspace.js'),
        ]);
        if (options.jira) checkJiraKey(options.jira, '--jira');
        if (options.out && !options.out.endsWith(CASE_FILE_SUFFIX))
          throw new UsageError(`--out ${options.out}: a case file name ends in ${CASE_FILE_SUFFIX}`);
        const ws = await cliWorkspace(ctx, { config: options.config, cache: options.cache });
        let systemPrompt = options.systemPrompt;
        if (systemPrompt?.startsWith('@')) {
          systemPrompt = await readFile(ws.resolve(systemPrompt.slice(1)), 'utf8').catch(() => {
            throw new UsageError(`--system-prompt ${options.systemPrompt}: no such file`);
          });
        }
        const story = await readStory(ws, options.jira ? { jiraKey: options.jira } : { file: options.story!, shown: options.story });
        const {
          generation: result,
          shownOut,
          notes,
        } = await generateIntoCaseFile(ws, {
          story,
          storyFile: options.story,
          out: options.out,
          kinds: options.kinds,
          max: options.max,
          techniques: options.techniques,
          systemPrompt,
          model: options.model,
          offline: options.offline,
          dryRun: options.dryRun,
          learn: options.learning,
          signal: ctx.signal,
        });
        const err = (s: string) => ctx.io.stderr(`${s}\n`);
        for (const note of notes) err(`warning: ${note}`);
        if (options.dryRun && result.cases.length > 0) ctx.io.stdout(stringify({ cases: result.cases }, YAML_WRITE_OPTIONS));
        const via = result.call ? `${result.call.model}, prompt ${result.call.promptId}@${result.call.promptVersion}` : 'offline rules';
        const label = story.key ? `${story.key}: ${story.title}` : story.title;
        err(
          `${options.dryRun ? 'would add' : 'added'} ${result.cases.length} case${result.cases.length === 1 ? '' : 's'} to ${shownOut} (${via}) for ${label}`,
        );
        if (result.unchanged.length > 0) err(`  ${result.unchanged.length} already in the file, unchanged`);
        for (const e of result.edited)
          err(`  kept your edits: ${e.id} "${e.title}" (the generator would write it differently; not overwritten)`);
        if (result.duplicates.length > 0) {
          const paraphrased = result.duplicates.filter((d) => d.by === 'embeddings').length;
          err(
            `  skipped ${result.duplicates.length} near-duplicate${result.duplicates.length === 1 ? '' : 's'} of existing cases` +
              (paraphrased ? ` (${paraphrased} paraphrase${paraphrased === 1 ? '' : 's'} found by the embeddings)` : ''),
          );
        }
        if (result.paraphrases && 'model' in result.paraphrases) err(`  paraphrase dedupe: embeddings of ${result.paraphrases.model}`);
        else if (result.paraphrases && ws.config.index?.embeddings) err(`  paraphrase dedupe off: ${result.paraphrases.reason}`);
        for (const s of result.stale)
          err(`  no longer generated (the story changed?): ${s.id} "${s.title}" — kept; deprecate or delete it if it is obsolete`);
        for (const w of result.warnings) err(`  warning: ${w}`);
        for (const line of formatLearning(result)) err(`  ${line}`);
        if (result.call)
          err(
            `  model: ${result.call.calls} call(s), ${result.call.inputTokens}+${result.call.outputTokens} tokens, $${result.call.cost.toFixed(4)}, ${result.call.latencyMs} ms`,
          );
        ctx.io.stdout(`${formatCoverageTable(result.coverage)}\n`);
        return options.requireCoverage && result.coverage.uncovered.length > 0 ? EXIT_FINDINGS : EXIT_OK;
      }),
    );
}
