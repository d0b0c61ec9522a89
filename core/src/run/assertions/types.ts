import type { AssertionParams, BaseAssertionType } from '../../model/assertion.js';
import type { JudgeOutcome, RequirementVerdict, TokenUsage, VoiceTurn } from '../../model/result.js';
import type { ChatMessage } from '../../llm/language-model.js';
import type { ModelRouter } from '../../llm/model-router.js';
import type { PromptRegistry } from '../../prompts/prompt-registry.js';

/** The parameters of one assertion type as written (its `not-` form shares them). */
export type ParamsOf<T extends BaseAssertionType> = AssertionParams<T>;

/** What model-graded assertions need; undefined when the run has no router. */
export interface JudgeContext {
  router: ModelRouter | undefined;
  /** The judge model for this case (assertion > case > file defaults > config), if any. */
  model: string | undefined;
  cache?: boolean | undefined;
  /** Where the `judge` prompt comes from (default: the built-in prompts/judge.hbs); pass an org's registry to apply its override. */
  prompts?: PromptRegistry | undefined;
  /** Verdicts people confirmed or overrode (the judge queue), given to the judge prompt as calibration examples. */
  calibration?: readonly CalibrationExample[] | undefined;
}

/** A judged answer a person decided on: what the requirement was, the answer, and whether it was met. */
export interface CalibrationExample {
  requirement: string;
  output: string;
  pass: boolean;
  /** Why (the person's note, or the judge's reason they confirmed). */
  reason: string;
}

/** Everything a handler may look at. Handlers never see negation, weight or the case outcome. */
export interface AssertionInput<P> {
  params: P;
  /** The answer of the addressed turn. */
  output: string;
  /** `expected.content` of the case. */
  expected: string | undefined;
  /** `expected.transcript` of the case: what the assistant should say, word for word. */
  transcript?: string | undefined;
  /** True when `expected` is the answer logged in production (`expected.baseline`, imported cases), not a vetted one. */
  baseline?: boolean | undefined;
  requirements: readonly string[];
  vars: Readonly<Record<string, string | number | boolean>>;
  /** 1-based index of the addressed assistant turn. */
  turn: number;
  /** The conversation up to and including the addressed answer. */
  conversation: readonly ChatMessage[];
  latencyMs: number | undefined;
  /** The addressed turn's audio, timings and measures when it was a voice turn. */
  voice?: VoiceTurn | undefined;
  /** Cost of the attempt's target calls in US dollars (undefined: not reported). */
  cost: number | undefined;
  judge: JudgeContext;
  signal: AbortSignal;
}

/** A handler's verdict. `skipped` marks a check that could not run (it does not count). */
export interface HandlerResult {
  pass: boolean;
  score: number;
  reason: string;
  expected?: string | undefined;
  actual?: string | undefined;
  verdicts?: RequirementVerdict[] | undefined;
  judges?: JudgeOutcome[] | undefined;
  threshold?: number | undefined;
  cost?: number | undefined;
  tokenUsage?: TokenUsage | undefined;
  skipped?: boolean | undefined;
}

export type Handler<T extends BaseAssertionType> = (input: AssertionInput<ParamsOf<T>>) => HandlerResult | Promise<HandlerResult>;

/** One handler per base type: a type without a handler does not compile. */
export type HandlerRegistry = { [K in BaseAssertionType]: Handler<K> };

/** A handler that answers at once (every deterministic family). */
export type SyncHandler<T extends BaseAssertionType> = (input: AssertionInput<ParamsOf<T>>) => HandlerResult;
