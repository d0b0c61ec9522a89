// Model-graded family: llm-judge and judge-ensemble, through router.generateObject.
import { AssertionConfigError } from '../../errors/assertion-config-error.js';
import { JudgeError } from '../../errors/judge-error.js';
import type { RequirementVerdict, TokenUsage } from '../../model/result.js';
import type { AssertionInput, CalibrationExample, Handler, HandlerResult } from './types.js';
import type { ModelRouter } from '../../llm/model-router.js';
import type { PromptRegistry } from '../../prompts/prompt-registry.js';
import { JudgeVerdictSchema } from '../../prompts/output-schemas.js';

let builtinPrompts: PromptRegistry | undefined;

const round = (n: number) => Math.round(n * 1000) / 1000;

interface OneJudge {
  model: string;
  verdicts: RequirementVerdict[];
  cost: number;
  tokenUsage: TokenUsage;
}

function requirementsOf(input: AssertionInput<{ requirements?: string[] | undefined }>, type: string): string[] {
  const requirements = input.params.requirements ?? [...input.requirements];
  if (requirements.length === 0) {
    throw new AssertionConfigError(
      `${type} has no requirements to check: add expected.requirements to the case or 'requirements' to the assertion`,
    );
  }
  return requirements;
}

function skippedResult(reason: string): HandlerResult {
  return { pass: true, score: 1, reason, skipped: true };
}

async function askJudge(input: AssertionInput<unknown>, model: string, requirements: string[]): Promise<OneJudge> {
  const router = input.judge.router!;
  // The `judge` prompt (prompts/judge.hbs), or an org's override of it from the given registry.
  // The registry (and handlebars) loads with the first judged case: runs without judges never load it.
  const prompts = input.judge.prompts ?? (builtinPrompts ??= (await import('../../prompts/prompt-registry.js')).createPromptRegistry());
  // The conversation before the answer; the answer itself is passed as `output`.
  const history = input.conversation.slice(0, -1);
  const calibration = calibrationFor(input.judge.calibration ?? [], requirements);
  const prompt = prompts.render('judge', {
    requirements,
    output: input.output,
    ...(calibration.length ? { calibration } : {}),
    ...(history.length ? { input: history } : {}),
    ...(input.expected !== undefined ? { expected: input.expected } : {}),
  });
  let result;
  try {
    result = await router.generateObject({
      model,
      messages: prompt.messages,
      schema: JudgeVerdictSchema,
      schemaName: prompt.outputSchemaName,
      schemaDescription: 'One verdict per requirement.',
      temperature: 0,
      purpose: 'judge',
      abortSignal: input.signal,
      cache: input.judge.cache,
    });
  } catch (error) {
    throw new JudgeError(`judge ${model} failed: ${(error as Error).message}`, { cause: error });
  }
  // Match verdicts to requirements by position; a judge that skips one fails it.
  const verdicts = requirements.map((requirement, i): RequirementVerdict => {
    const given = result.object.results[i];
    return given
      ? { requirement, pass: given.pass, reason: given.reason }
      : { requirement, pass: false, reason: `judge ${model} gave no verdict for this requirement` };
  });
  const usage = result.usage;
  return {
    model: result.model || model,
    verdicts,
    cost: result.cost,
    tokenUsage: {
      input: usage.inputTokens,
      output: usage.outputTokens,
      total: usage.inputTokens + usage.outputTokens,
      ...(usage.cachedInputTokens !== undefined ? { cachedInput: usage.cachedInputTokens } : {}),
    },
  };
}

/** Calibration examples for these requirements first (the same requirement is the best example), then the rest, in the order given. */
function calibrationFor(examples: readonly CalibrationExample[], requirements: readonly string[]) {
  const same = examples.filter((e) => requirements.includes(e.requirement));
  const rest = examples.filter((e) => !requirements.includes(e.requirement));
  return [...same, ...rest].map((e) => ({
    requirement: e.requirement,
    output: e.output,
    verdict: e.pass ? 'met' : 'not met',
    reason: e.reason,
  }));
}

function sumUsage(usages: TokenUsage[]): TokenUsage {
  return usages.reduce((a, b) => ({ input: a.input + b.input, output: a.output + b.output, total: a.total + b.total }), {
    input: 0,
    output: 0,
    total: 0,
  });
}

function summarise(verdicts: RequirementVerdict[], threshold: number, who: string): Pick<HandlerResult, 'pass' | 'score' | 'reason'> {
  const passed = verdicts.filter((v) => v.pass).length;
  const score = round(passed / verdicts.length);
  const failed = verdicts.filter((v) => !v.pass).map((v) => `"${v.requirement}": ${v.reason}`);
  const reason = `${who}: ${passed}/${verdicts.length} requirements met${failed.length ? `; not met: ${failed.join('; ')}` : ''}`;
  return { pass: score >= threshold, score, reason };
}

/** The judge model: the assertion's, else the case's / file's / config's, else the config's `judge` model alias. */
export function resolveJudgeModel(
  router: ModelRouter | undefined,
  own: string | undefined,
  fallback: string | undefined,
): string | undefined {
  const model = own ?? fallback;
  if (model) return model;
  return router?.listModels().includes('judge') ? 'judge' : undefined;
}

/** Why judges with these models cannot run (no model, no provider, no key), or undefined when they can. */
export function judgeUnavailable(router: ModelRouter | undefined, models: readonly (string | undefined)[]): string | undefined {
  if (models.length === 0 || models.some((m) => !m))
    return 'no judge model configured (set judge: in casewright.config.yaml, the file defaults, the case or the assertion)';
  if (!router) return `no judge model configured: no provider is set up to call ${models.join(', ')}`;
  const offline = models.filter((m) => {
    try {
      return router.isOffline(m!);
    } catch {
      // An unknown model is a configuration error the call itself reports (errored, not skipped).
      return false;
    }
  });
  if (offline.length)
    return `no judge model configured: ${offline.join(', ')} has no API key (set the provider's key, e.g. OPENAI_API_KEY, or add providers: to casewright.config.yaml)`;
  return undefined;
}

export const llmJudge: Handler<'llm-judge'> = async (input) => {
  const model = resolveJudgeModel(input.judge.router, input.params.judge, input.judge.model);
  const requirements = requirementsOf(input, 'llm-judge');
  const missing = judgeUnavailable(input.judge.router, [model]);
  if (missing) return skippedResult(missing);
  const judged = await askJudge(input, model!, requirements);
  const threshold = input.params.threshold ?? 1;
  const summary = summarise(judged.verdicts, threshold, `judge ${judged.model}`);
  return {
    ...summary,
    verdicts: judged.verdicts,
    judges: [{ model: judged.model, pass: summary.pass, score: summary.score }],
    threshold,
    cost: judged.cost,
    tokenUsage: judged.tokenUsage,
  };
};

export const judgeEnsemble: Handler<'judge-ensemble'> = async (input) => {
  const requirements = requirementsOf(input, 'judge-ensemble');
  const missing = judgeUnavailable(input.judge.router, input.params.judges);
  if (missing) return skippedResult(missing);
  const vote = input.params.vote ?? 'majority';
  const judges = await Promise.all(input.params.judges.map((model) => askJudge(input, model, requirements)));
  const disagreements: string[] = [];
  const verdicts = requirements.map((requirement, i): RequirementVerdict => {
    const votes = judges.map((j) => ({ judge: j.model, pass: j.verdicts[i]!.pass, reason: j.verdicts[i]!.reason }));
    const yes = votes.filter((v) => v.pass).length;
    const pass = vote === 'unanimous' ? yes === votes.length : yes * 2 > votes.length;
    if (yes > 0 && yes < votes.length) disagreements.push(`"${requirement}" (${yes} of ${votes.length} say met)`);
    const deciding = votes.find((v) => v.pass === pass) ?? votes[0]!;
    return { requirement, pass, reason: deciding.reason, votes };
  });
  const threshold = input.params.threshold ?? 1;
  const summary = summarise(verdicts, threshold, `${judges.length} judges, ${vote} vote`);
  return {
    ...summary,
    reason: `${summary.reason}${disagreements.length ? `; judges disagree on ${disagreements.join(', ')}` : '; judges agree'}`,
    verdicts,
    judges: judges.map((j) => {
      const own = summarise(j.verdicts, threshold, j.model);
      return { model: j.model, pass: own.pass, score: own.score };
    }),
    threshold,
    cost: judges.reduce((sum, j) => sum + j.cost, 0),
    tokenUsage: sumUsage(judges.map((j) => j.tokenUsage)),
  };
};
