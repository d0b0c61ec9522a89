import { readFile, stat } from 'node:fs/promises';
import { updateFileAtomic } from '../../util/atomic-write.js';
import { readTextFile } from '../../util/text-file.js';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { stringify } from 'yaml';
import { loadConfig } from '../../config/config.js';
import { OfflineModeError } from '../../errors/offline-mode-error.js';
import { UsageError } from '../../errors/usage-error.js';
import { formatCoverageTable } from '../../generate/coverage.js';
import { TECHNIQUES, type Technique } from '../../generate/draft-case.js';
import { generateCases } from '../../generate/generate-cases.js';
import type { CaseKind, GenerationRouter } from '../../generate/generate-options.js';
import { mergeIntoCaseFile } from '../../generate/merge.js';
import { loadStoryFile } from '../../generate/story/load-story.js';
import { parseJiraIssueStory } from '../../generate/story/jira-story.js';
import { createJiraClient } from '../../connectors/jira/jira-client.js';
import { createRestJiraTransport } from '../../connectors/jira/rest-transport.js';
import { JiraKeySchema } from '../../model/common.js';
import type { Story } from '../../generate/story/story.js';
import { createRouterFromConfig } from '../../llm/router-from-config.js';
import { createFileKeyStore } from '../../keys/file-key-store.js';
import { CaseFileEditor, YAML_WRITE_OPTIONS } from '../../model/case-file-editor.js';
import type { TestCaseInput } from '../../model/case.js';
import { CASE_FILE_SUFFIX } from '../../model/case-file.js';
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

/** Default `--out`: `<story name>.cases.yaml` beside the story. */
export function defaultOutFile(storyFile: string): string {
  const dir = path.dirname(storyFile);
  const base = path.basename(storyFile).replace(/\.(md|markdown|txt|json)$/i, '');
  return path.join(dir, `${base}${CASE_FILE_SUFFIX}`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

export function registerGenerate(program: Command, ctx: CommandContext): void {
  program
    .command('generate')
    .description(
      'generate test cases from a story and merge them into a case file (offline rules without a key, else the configured model)',
    )
    .option('--story <file>', 'a Markdown story (.md) or a Jira issue JSON (.json, as GET /rest/api/3/issue/{key} returns it)')
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
    .action(
      ctx.action(async (options: GenerateOptions) => {
        if (Boolean(options.story) === Boolean(options.jira))
          throw new UsageError('generate needs exactly one of --story <file> or --jira <KEY>');
        if (options.offline && options.model)
          throw new UsageError(
            '--offline and --model exclude each other: --offline uses the rule-based generator, --model a provider model',
          );
        const cwd = ctx.io.cwd;
        const loaded = await loadConfig(cwd, options.config);
        const jiraSection = loaded.config.jira ?? { acceptanceCriteriaField: undefined };

        let story: Story;
        let storyFile: string | undefined;
        if (options.jira) {
          if (!JiraKeySchema.safeParse(options.jira).success)
            throw new UsageError(`--jira "${options.jira}" must be a Jira issue key such as SHOP-123`);
          const site = loaded.config.jira?.site ?? ctx.io.env.JIRA_BASE_URL;
          const email = loaded.config.jira?.email ?? ctx.io.env.JIRA_EMAIL;
          const apiToken = ctx.io.env.JIRA_API_TOKEN;
          if (!site) throw new UsageError('--jira: no Jira site; set jira.site in casewright.config.yaml or JIRA_BASE_URL');
          if (!email || !apiToken) throw new UsageError('--jira: no Jira credentials; set JIRA_EMAIL (or jira.email) and JIRA_API_TOKEN');
          const client = createJiraClient(createRestJiraTransport({ baseUrl: site, email, apiToken }));
          // expand=names lets the story parser find the field named "Acceptance criteria".
          const issue = await client.getIssue(options.jira, { expand: ['names'] });
          story = parseJiraIssueStory(issue, { acceptanceCriteriaField: jiraSection.acceptanceCriteriaField, file: options.jira });
          if (story.criteria.length === 0) {
            throw new UsageError(
              `${options.jira}: no acceptance criteria found in the issue; fill its "Acceptance criteria" field (or set jira.acceptanceCriteriaField) or add an "Acceptance criteria" section to the description`,
            );
          }
        } else {
          storyFile = path.resolve(cwd, options.story as string);
          story = await loadStoryFile(storyFile, { shown: options.story, acceptanceCriteriaField: jiraSection.acceptanceCriteriaField });
        }

        const outFile = path.resolve(cwd, options.out ?? (storyFile ? defaultOutFile(storyFile) : `${options.jira}${CASE_FILE_SUFFIX}`));
        const shownOut = path.relative(cwd, outFile) || outFile;
        if (!outFile.endsWith(CASE_FILE_SUFFIX)) throw new UsageError(`--out ${options.out}: a case file name ends in ${CASE_FILE_SUFFIX}`);
        const existingText = (await exists(outFile)) ? await readTextFile(outFile, shownOut) : undefined;
        // Parsing first: an invalid target file stops here, before any model is called.
        const existingSuite = existingText === undefined ? undefined : CaseFileEditor.parse(existingText, shownOut).toSuite();
        const existing: TestCaseInput[] = existingSuite?.cases ?? [];
        const ref = story.key ?? (storyFile ? path.relative(cwd, storyFile) : undefined);
        if (existingSuite?.story && ref && existingSuite.story !== ref && existingSuite.story !== story.key) {
          ctx.io.stderr(`warning: ${shownOut} is the suite of story ${existingSuite.story}, not ${ref}; adding to it anyway\n`);
        }

        let systemPrompt = options.systemPrompt;
        if (systemPrompt?.startsWith('@')) {
          const file = path.resolve(cwd, systemPrompt.slice(1));
          systemPrompt = await readFile(file, 'utf8').catch(() => {
            throw new UsageError(`--system-prompt ${options.systemPrompt}: no such file`);
          });
        }

        let router: GenerationRouter | undefined;
        if (!options.offline) {
          router = await createRouterFromConfig(loaded, {
            env: ctx.io.env,
            noCache: !options.cache,
            keyStore: createFileKeyStore({ env: ctx.io.env }),
          });
          if (options.model && router.isOffline(options.model) && !options.model.startsWith('offline'))
            throw new OfflineModeError(options.model);
        }

        const result = await generateCases({
          story,
          existing,
          kinds: options.kinds,
          max: options.max,
          techniques: options.techniques,
          systemPrompt,
          router,
          model: options.model,
          signal: ctx.signal,
        });

        const merged = mergeIntoCaseFile(existingText, shownOut, story, result.cases);
        const via = result.call ? `${result.call.model}, prompt ${result.call.promptId}@${result.call.promptVersion}` : 'offline rules';
        const label = story.key ? `${story.key}: ${story.title}` : story.title;
        if (options.dryRun) {
          if (result.cases.length > 0) ctx.io.stdout(stringify({ cases: result.cases }, YAML_WRITE_OPTIONS));
        } else if (result.cases.length > 0) {
          // Merged again into the file as it is now: an edit saved while the model worked is kept.
          await updateFileAtomic(
            outFile,
            (text) => (text === existingText ? merged : mergeIntoCaseFile(text, shownOut, story, result.cases)),
            {
              shown: shownOut,
            },
          );
        }
        const err = (s: string) => ctx.io.stderr(`${s}\n`);
        err(
          `${options.dryRun ? 'would add' : 'added'} ${result.cases.length} case${result.cases.length === 1 ? '' : 's'} to ${shownOut} (${via}) for ${label}`,
        );
        if (result.unchanged.length > 0) err(`  ${result.unchanged.length} already in the file, unchanged`);
        for (const e of result.edited)
          err(`  kept your edits: ${e.id} "${e.title}" (the generator would write it differently; not overwritten)`);
        if (result.duplicates.length > 0)
          err(`  skipped ${result.duplicates.length} near-duplicate${result.duplicates.length === 1 ? '' : 's'} of existing cases`);
        for (const s of result.stale)
          err(`  no longer generated (the story changed?): ${s.id} "${s.title}" — kept; deprecate or delete it if it is obsolete`);
        for (const w of result.warnings) err(`  warning: ${w}`);
        if (result.call)
          err(
            `  model: ${result.call.calls} call(s), ${result.call.inputTokens}+${result.call.outputTokens} tokens, $${result.call.cost.toFixed(4)}, ${result.call.latencyMs} ms`,
          );
        ctx.io.stdout(`${formatCoverageTable(result.coverage)}\n`);
        return options.requireCoverage && result.coverage.uncovered.length > 0 ? EXIT_FINDINGS : EXIT_OK;
      }),
    );
}
