// Public API of core/src/run: the runner, targets, assertions and reporters.
export { runSuites, type RunSuitesOptions, type RunnableSuite } from './runner.js';
export { runAttempt, caseAssertions, caseVars, type AttemptContext } from './attempt.js';
export { aggregateAttempts, summarize } from './aggregate.js';
export { parseShard, shardCases, matchesGrep, type Shard } from './select.js';
export { fillVars, turnPrefixes } from './conversation.js';
export { loadRunResult, compareWithBaseline, failedCaseIds } from './baseline.js';
export { updateCaseStats, nextStats } from './stats.js';
export { evaluateAssertions, scoreResults, resolveTurn, type EvaluationContext, type EvaluatedTurn } from './assertions/evaluate.js';
export { ASSERTION_HANDLERS } from './assertions/registry.js';
export { levenshteinRatio, rougeL, wordErrorRate, normalizeWords, numberToWords } from './assertions/text-metrics.js';
export type { AssertionInput, Handler, HandlerResult, HandlerRegistry, JudgeContext, ParamsOf, SyncHandler } from './assertions/types.js';
export * from './targets/target-config.js';
export type { Target, TargetReply, TargetRequest, VoiceTurnRequest } from './targets/target.js';
export { createHttpTarget, type HttpTargetOptions } from './targets/http-target.js';
export { createCommandTarget, type CommandTargetOptions } from './targets/command-target.js';
export { createModelTarget, type ModelTargetOptions } from './targets/model-target.js';
export { createVoiceTarget, type VoiceTargetOptions } from './targets/voice-target.js';
export { startApp, freePort, type RunningApp } from './targets/app-process.js';
export {
  discoverTargets,
  loadTargetFile,
  resolveTargetOption,
  createTarget,
  createSuiteTargets,
  type TargetDefinition,
  type DiscoverTargetsOptions,
} from './targets/resolve-targets.js';
export type { Reporter, RunStartInfo } from './reporters/reporter.js';
export { createReporters, REPORTER_NAMES, type ReporterName, type CreateReportersOptions } from './reporters/create-reporters.js';
export { createConsoleReporter, type ConsoleReporterOptions } from './reporters/console-reporter.js';
export { createJsonReporter } from './reporters/json-reporter.js';
export { createJsonlReporter } from './reporters/jsonl-reporter.js';
export { createJunitReporter, junitXml } from './reporters/junit-reporter.js';
export { createMarkdownReporter, markdownReport } from './reporters/markdown-reporter.js';
export { createHtmlReporter, htmlReport } from './reporters/html-reporter.js';
