// Public API of core/src/generate: stories, ADF → Markdown, the generator pipeline.
export * from './story/story.js';
export { parseMarkdownStory, parseMarkdownStoryStrict, splitKeyFromTitle } from './story/markdown-story.js';
export { extractCriteria, numberCriteria, type CriterionDraft } from './story/criteria.js';
export { parseJiraIssueStory, type JiraStoryOptions } from './story/jira-story.js';
export { loadStoryFile } from './story/load-story.js';
export { adfToMarkdown, type AdfToMarkdownOptions } from './adf/adf-to-markdown.js';
export * from './draft-case.js';
export { CaseKindSchema, type CaseKind, type GenerateCasesOptions, type GenerationRouter } from './generate-options.js';
export { generateCases, type GenerateResult } from './generate-cases.js';
export { generateOffline, type OfflineOptions } from './offline/offline-generator.js';
/** Loads the English word forms the offline generator needs; `generateCases` calls it, direct callers of `generateOffline` must too. */
export { loadEnglish } from './offline/english.js';
export { findLimits, boundaryValues, type NumericLimit, type BoundaryValue } from './offline/limits.js';
export { normaliseDraft, type GenerationProvenance } from './normalise.js';
export { DuplicateIndex, SIMILARITY_THRESHOLD, similarity, fingerprint, normaliseTitle } from './dedupe.js';
export { computeCoverage, formatCoverageTable, type CoverageSummary, type CriterionCoverage } from './coverage.js';
export { mergeIntoCaseFile } from './merge.js';
export { nameBasedUuid, sameContent } from './case-identity.js';
export type { ModelCallInfo } from './llm-generator.js';
export { reviewCases, type ReviewCasesOptions } from './review-cases.js';
