import { z } from 'zod';

/** How a criterion was written in the story. */
export const CriterionKindSchema = z.enum(['numbered', 'bullet', 'gherkin', 'table', 'sentence']);
export type CriterionKind = z.infer<typeof CriterionKindSchema>;

/** A Gherkin scenario, split into its steps (`And`/`But` resolved to the step before). */
export const GherkinScenarioSchema = z.strictObject({
  scenario: z.string(),
  given: z.array(z.string()),
  when: z.array(z.string()),
  then: z.array(z.string()),
  /** `Scenario Outline` example rows, header → value. */
  examples: z.array(z.record(z.string(), z.string())).optional(),
});
export type GherkinScenario = z.infer<typeof GherkinScenarioSchema>;

/** One acceptance criterion. Ids are `AC-1`, `AC-2`... in document order, so the same story text always gives the same ids. */
export const AcceptanceCriterionSchema = z.strictObject({
  id: z.string().regex(/^AC-[1-9][0-9]*$/),
  text: z.string().min(1),
  kind: CriterionKindSchema,
  gherkin: GherkinScenarioSchema.optional(),
});
export type AcceptanceCriterion = z.infer<typeof AcceptanceCriterionSchema>;

/** Where a story came from. */
export const StorySourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('markdown'), file: z.string().optional() }),
  z.strictObject({ kind: z.literal('jira'), key: z.string(), file: z.string().optional(), site: z.string().optional() }),
  z.strictObject({ kind: z.literal('text') }),
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
});
export type Story = z.infer<typeof StorySchema>;

/** The reference a generated case records in `source.story`: the Jira key, else the story file. */
export function storyRef(story: Story): string | undefined {
  if (story.key) return story.key;
  return story.source.kind === 'markdown' ? story.source.file : undefined;
}
