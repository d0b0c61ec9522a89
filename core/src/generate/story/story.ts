import { z } from 'zod';

/** How a criterion was written in the story. */
export const CriterionKindSchema = z.enum(['numbered', 'bullet', 'gherkin', 'table', 'sentence']);
export type CriterionKind = z.infer<typeof CriterionKindSchema>;

/** A Gherkin step in order, with its DataTable or DocString (`And`/`But`/`*` resolved to the step before). */
export const GherkinStepSchema = z.strictObject({
  type: z.enum(['given', 'when', 'then']),
  /** The keyword as written (`Given `, `Et `, `And `...). */
  keyword: z.string(),
  text: z.string(),
  /** A DataTable under the step: rows of cells, the first row usually the header. */
  dataTable: z.array(z.array(z.string())).optional(),
  /** A DocString under the step. */
  docString: z.strictObject({ content: z.string(), mediaType: z.string().optional() }).optional(),
});
export type GherkinStep = z.infer<typeof GherkinStepSchema>;

/** One `Examples:` block of a Scenario Outline. */
export const GherkinExamplesSchema = z.strictObject({
  name: z.string(),
  tags: z.array(z.string()),
  rows: z.array(z.record(z.string(), z.string())),
});
export type GherkinExamples = z.infer<typeof GherkinExamplesSchema>;

/** A Gherkin scenario, split into its steps (`And`/`But` resolved to the step before). */
export const GherkinScenarioSchema = z.strictObject({
  scenario: z.string(),
  given: z.array(z.string()),
  when: z.array(z.string()),
  then: z.array(z.string()),
  /** `Scenario Outline` example rows of every `Examples:` block, header → value. */
  examples: z.array(z.record(z.string(), z.string())).optional(),
  /** The `Examples:` blocks with their names and tags (several blocks are kept apart). */
  exampleBlocks: z.array(GherkinExamplesSchema).optional(),
  /** Every step in order (Background steps first), with DataTables and DocStrings. */
  steps: z.array(GherkinStepSchema).optional(),
  /** The `Rule:` the scenario belongs to. */
  rule: z.string().optional(),
  /** The scenario's description lines. */
  description: z.string().optional(),
  /** The Gherkin dialect (`en`, `fr`, `de`...). */
  language: z.string().optional(),
});
export type GherkinScenario = z.infer<typeof GherkinScenarioSchema>;

/** One acceptance criterion. Ids are `AC-1`, `AC-2`... in document order, so the same story text always gives the same ids. */
export const AcceptanceCriterionSchema = z.strictObject({
  id: z.string().regex(/^AC-[1-9][0-9]*$/),
  text: z.string().min(1),
  kind: CriterionKindSchema,
  gherkin: GherkinScenarioSchema.optional(),
  /**
   * What the criterion sits under: the parent list items of a nested list ("Report columns"
   * for "Email"), a sub-heading of the criteria section, a Gherkin `Rule:`. Also part of `text`.
   */
  context: z.array(z.string()).optional(),
  /** Tags written on it (Gherkin `@tags` of the feature, rule, scenario), without the `@`. */
  tags: z.array(z.string()).optional(),
  /** Data the story gives for it: a code block or a DocString under it, kept as written. */
  data: z.array(z.string()).optional(),
});
export type AcceptanceCriterion = z.infer<typeof AcceptanceCriterionSchema>;

/** A line of the criteria section that is not testable as written. */
export const UntestableSchema = z.strictObject({
  text: z.string().min(1),
  /** Why: a development task describes work, not behaviour someone can observe. */
  reason: z.enum(['development-task']),
});
export type Untestable = z.infer<typeof UntestableSchema>;

/** Steps and expected results the story gives for testing it. */
export const TestingHintsSchema = z.strictObject({
  /** Actions in order ("Steps to reproduce", "How to test", "QA"). */
  steps: z.array(z.string()),
  /** Expected results ("Expected behaviour"). */
  expected: z.array(z.string()),
  /** Test data given with them (code blocks, tables). */
  data: z.array(z.string()),
});
export type TestingHints = z.infer<typeof TestingHintsSchema>;

/** Where a story came from. */
export const StorySourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('markdown'), file: z.string().optional() }),
  z.strictObject({ kind: z.literal('jira'), key: z.string(), file: z.string().optional(), site: z.string().optional() }),
  z.strictObject({ kind: z.literal('text') }),
  z.strictObject({ kind: z.literal('gherkin'), file: z.string().optional() }),
]);
export type StorySource = z.infer<typeof StorySourceSchema>;

/** A user story with its acceptance criteria, whatever it was written in. */
export const StorySchema = z.strictObject({
  /** The Jira key, when known (`SHOP-207`), also taken from a Markdown title such as `# SHOP-207: ...`. */
  key: z.string().optional(),
  title: z.string(),
  /** The story text in Markdown, without the acceptance-criteria section. */
  description: z.string(),
  criteria: z.array(AcceptanceCriterionSchema),
  source: StorySourceSchema,
  /**
   * Lines of the criteria section that are not testable as written: development tasks
   * ("Fix the bug", "Create tests", "Implement X"). They get no id and no case; the
   * coverage output lists them so the author can rewrite them as observable behaviour.
   */
  untestable: z.array(UntestableSchema).optional(),
  /**
   * What the story says about testing it, outside its criteria: "Steps to reproduce",
   * "How to test", "QA" (steps) and "Expected behaviour" (expected results). They feed
   * the steps and data of the cases whose criteria they relate to.
   */
  testing: TestingHintsSchema.optional(),
  /** What a reader should know about how the story was read ("the criteria section is empty"). */
  warnings: z.array(z.string()).optional(),
});
export type Story = z.infer<typeof StorySchema>;

/** The reference a generated case records in `source.story`: the Jira key, else the story file. */
export function storyRef(story: Story): string | undefined {
  if (story.key) return story.key;
  return story.source.kind === 'markdown' || story.source.kind === 'gherkin' ? story.source.file : undefined;
}
