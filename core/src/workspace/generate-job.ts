import path from 'node:path';
import { OfflineModeError } from '../errors/offline-mode-error.js';
import { UsageError } from '../errors/usage-error.js';
import { generateCases, type GenerateResult } from '../generate/generate-cases.js';
import type { GenerateCasesOptions, GenerationRouter } from '../generate/generate-options.js';
import { mergeIntoCaseFile } from '../generate/merge.js';
import type { Story } from '../generate/story/story.js';
import { CaseFileEditor } from '../model/case-file-editor.js';
import { CASE_FILE_SUFFIX } from '../model/case-file.js';
import { readCaseFileText, writeCaseFile } from './case-file-io.js';
import { listDecisions } from './decisions-job.js';
import { rulesTurnedOff } from '../generate/learned-rules.js';
import { workspaceEmbedder, type EmbedderChoice } from './embeddings-job.js';

/** Default cosine at or above which two comparable cases are paraphrases (`index.paraphraseThreshold`). */
export const PARAPHRASE_THRESHOLD = 0.92;
import { groundingFromDecisions } from '../generate/grounding.js';
import type { Workspace } from './workspace.js';

/** What a generation job reports while it works (for a progress bar or a job record). */
export interface GenerateProgress {
  /** 0..1 */
  fraction: number;
  message: string;
}

/** The generator's own options (story, existing cases, kinds, max, techniques, system prompt, model, signal), and the job's. */
export interface GenerateOptions extends Pick<
  GenerateCasesOptions,
  'story' | 'existing' | 'kinds' | 'max' | 'techniques' | 'systemPrompt' | 'model' | 'signal'
> {
  /** Use the offline rules even when a key is configured. */
  offline?: boolean | undefined;
  /**
   * A model named explicitly that has no key: `error` (default) stops with `OfflineModeError`;
   * `fallback` generates with the offline rules (where the model is a setting, not a request).
   */
  offlineModel?: 'error' | 'fallback' | undefined;
  /** Template overrides (an org's prompts in the Jira app). */
  promptOverrides?: Readonly<Record<string, string>> | undefined;
  onProgress?: ((progress: GenerateProgress) => void | Promise<void>) | undefined;
  /** Learn from the workspace's review decisions (`.casewright/decisions.jsonl`); default true. */
  learn?: boolean | undefined;
}

/**
 * Generates cases for a story (in memory): the configured model through the router and
 * the prompt templates, or the offline rules without a key; deduplicated against
 * `existing`; with the coverage of the story's criteria by the existing and new cases.
 */
export async function generate(ws: Workspace, options: GenerateOptions): Promise<GenerateResult> {
  if (options.offline && options.model && !options.model.startsWith('offline'))
    throw new UsageError(`offline generation and the model '${options.model}' exclude each other`);
  let router: GenerationRouter | undefined;
  if (!options.offline) {
    router = await ws.router();
    if (options.model && router.isOffline(options.model) && !options.model.startsWith('offline') && options.offlineModel !== 'fallback')
      throw new OfflineModeError(options.model);
  }
  const offline = !router || router.isOffline(options.model);
  await options.onProgress?.({
    fraction: 0.2,
    message: offline ? 'No model key configured: using the offline rules' : `Asking ${options.model ?? router?.defaultModel('generate')}`,
  });
  const log = options.learn === false ? undefined : await listDecisions(ws);
  const grounding = log && !offline ? groundingFromDecisions(log.decisions, options.story) : undefined;
  // Paraphrase dedupe needs an embedding model with a key (index.embeddings); `offline` asks for no network at all.
  const choice: EmbedderChoice = options.offline ? { reason: 'offline generation: word dedupe only' } : await workspaceEmbedder(ws);
  const embedder = choice.embedder;
  const result = await generateCases({
    story: options.story,
    existing: options.existing,
    kinds: options.kinds,
    max: options.max,
    techniques: options.techniques,
    systemPrompt: options.systemPrompt,
    router,
    model: options.model || undefined,
    prompts: options.promptOverrides
      ? (await import('../prompts/prompt-registry.js')).createPromptRegistry({ overrides: options.promptOverrides })
      : undefined,
    signal: options.signal,
    rulesOff: log ? rulesTurnedOff(log.decisions) : undefined,
    grounding,
    paraphrases: embedder && {
      model: embedder.model,
      threshold: ws.config.index?.paraphraseThreshold ?? PARAPHRASE_THRESHOLD,
      embed: (texts) => embedder.embed(texts, options.signal),
    },
  });
  result.paraphrases = embedder ? { model: embedder.model } : { reason: choice.reason ?? '' };
  await options.onProgress?.({ fraction: 0.9, message: 'Checking the drafts' });
  if (log && (log.decisions.length > 0 || log.warnings.length > 0))
    result.learnedFrom = {
      file: ws.shown(log.file),
      decisions: log.decisions.length,
      warnings: log.warnings,
      examples: grounding?.examples.length ?? 0,
      avoid: grounding?.avoid.length ?? 0,
    };
  return result;
}

/** `stories/refunds.md` → `stories/refunds.cases.yaml`: the case file beside a story file. */
export function defaultCaseFileFor(storyFile: string): string {
  const base = path.basename(storyFile).replace(/\.(feature\.md|md|markdown|txt|json|feature)$/i, '');
  return path.join(path.dirname(storyFile), `${base}${CASE_FILE_SUFFIX}`);
}

export interface GenerateIntoCaseFileOptions extends Omit<GenerateOptions, 'existing'> {
  /** The case file to merge into; default: beside `storyFile`, else `<KEY>.cases.yaml` in the workspace. */
  out?: string | undefined;
  /** The story's file, when it came from one (names the default case file). */
  storyFile?: string | undefined;
  /** Generate and report, write nothing. */
  dryRun?: boolean | undefined;
}

export interface GenerateIntoCaseFileResult {
  story: Story;
  generation: GenerateResult;
  /** Absolute path of the case file. */
  outFile: string;
  /** The case file as messages show it. */
  shownOut: string;
  /** Whether the file was written (false on a dry run or when there was nothing new). */
  written: boolean;
  /** Notes about the target file (e.g. it is the suite of another story). */
  notes: string[];
}

/**
 * Generates cases for a story and merges them into a case file: existing cases, a person's
 * edits and comments are kept, near-duplicates skipped. The target file is parsed before
 * any model is called (an invalid file stops here), and nothing is written when
 * generation fails.
 */
export async function generateIntoCaseFile(ws: Workspace, options: GenerateIntoCaseFileOptions): Promise<GenerateIntoCaseFileResult> {
  const { story } = options;
  const storyFile = options.storyFile ? ws.resolve(options.storyFile) : undefined;
  const target = options.out ?? (storyFile ? defaultCaseFileFor(storyFile) : story.key ? `${story.key}${CASE_FILE_SUFFIX}` : undefined);
  if (!target) throw new UsageError('name the case file to write: the story has no file and no Jira key');
  const outFile = ws.resolve(target);
  const shownOut = ws.shown(outFile);
  if (!outFile.endsWith(CASE_FILE_SUFFIX)) throw new UsageError(`${shownOut}: a case file name ends in ${CASE_FILE_SUFFIX}`);
  const existingText = await readCaseFileText(outFile);
  // Parsing first: an invalid target file stops here, before any model is called.
  const existingSuite = existingText === undefined ? undefined : CaseFileEditor.parse(existingText, shownOut).toSuite();
  const notes: string[] = [];
  const ref = story.key ?? (storyFile ? ws.shown(storyFile) : undefined);
  if (existingSuite?.story && ref && existingSuite.story !== ref && existingSuite.story !== story.key)
    notes.push(`${shownOut} is the suite of story ${existingSuite.story}, not ${ref}; adding to it anyway`);

  const generation = await generate(ws, { ...options, existing: existingSuite?.cases ?? [] });
  let written = false;
  if (!options.dryRun && generation.cases.length > 0) {
    await options.onProgress?.({ fraction: 0.95, message: `Writing ${shownOut}` });
    const merged = mergeIntoCaseFile(existingText, shownOut, story, generation.cases);
    await writeCaseFile(outFile, merged, { previous: existingText, shown: shownOut });
    written = true;
  }
  return { story, generation, outFile, shownOut, written, notes };
}
