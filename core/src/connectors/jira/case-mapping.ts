/**
 * How a test case looks in Jira: a readable ADF description (a steps table for
 * manual cases; the conversation, expected answer and requirements for
 * conversation cases) plus the canonical case JSON and sync bookkeeping in an
 * issue entity property. The editable parts are read back from the issue so a
 * person can edit a case in Jira.
 */
import { createHash } from 'node:crypto';
import { stableJson } from '../../util/stable-json.js';
import { z } from 'zod';
import { TestCaseSchema, type TestCase } from '../../model/case.js';
import { adf, adfListItems, adfParagraphs, adfSections, adfTableRows, type AdfNode } from './adf.js';

/** The entity property holding the canonical case (indexed for JQL by the Jira app's manifest). */
export const CASE_PROPERTY_KEY = 'casewright-case';
/** The entity property holding the last run result, written by the CLI or the extension. */
export const RUN_PROPERTY_KEY = 'casewright-run';
/** Label put on every test-case issue. */
export const CASE_LABEL = 'casewright';

export const CasePropertySchema = z.looseObject({
  schema: z.literal(1),
  caseId: z.string(),
  /** The case version Jira holds; bumped by every push and by a pull that takes a Jira edit. */
  version: z.number().int().min(1),
  story: z.string().optional(),
  kind: z.enum(['conversation', 'manual']),
  title: z.string(),
  priority: z.string(),
  status: z.string(),
  covers: z.array(z.string()).default([]),
  /** Hash of the canonical case content (without sync fields) at the last sync. */
  contentHash: z.string(),
  /** Hash of the editable parts as written to summary + description at the last sync. */
  fieldsHash: z.string(),
  /** Hash of the story's acceptance criteria when the case was saved (for "suspect"). */
  criteriaHash: z.string().optional(),
  syncedAt: z.string(),
  case: z.unknown(),
});
export type CaseProperty = z.infer<typeof CasePropertySchema>;

export const RunPropertySchema = z.looseObject({
  outcome: z.enum(['passed', 'failed', 'errored', 'skipped']),
  runAt: z.string(),
  score: z.number().optional(),
});
export type RunProperty = z.infer<typeof RunPropertySchema>;

/** The parts of a case a person can edit in Jira (summary and description). */
export interface EditableCase {
  title: string;
  description?: string | undefined;
  preconditions?: string[];
  steps?: Array<{ action: string; data?: string | undefined; expected: string }>;
  messages?: Array<{ role: string; content: string }>;
  expectedContent?: string | undefined;
  requirements?: string[];
}

export function hashOf(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 20);
}

/** The case without sync bookkeeping (jira link, run stats, audit): what "changed" compares. */
export function caseContent(tc: TestCase): Record<string, unknown> {
  const { jira: _j, stats: _s, audit: _a, version: _v, ...rest } = tc;
  return rest;
}

export function caseEditable(tc: TestCase): EditableCase {
  const base: EditableCase = { title: tc.title.trim(), description: tc.description?.trim() || undefined };
  if (tc.kind === 'manual') {
    return {
      ...base,
      preconditions: tc.preconditions.map((p) => p.trim()),
      steps: tc.steps.map((s) => ({ action: s.action.trim(), data: s.data?.trim() || undefined, expected: s.expected.trim() })),
    };
  }
  return {
    ...base,
    messages: tc.input.messages.map((m) => ({ role: m.role, content: m.content.trim() })),
    expectedContent: tc.expected.content?.trim() || undefined,
    requirements: tc.expected.requirements.map((r) => r.trim()),
  };
}

const ROLE_LABEL: Record<string, string> = { system: 'System', user: 'User', assistant: 'Assistant' };

/** The readable ADF description of a case. */
export function caseToAdf(tc: TestCase): AdfNode {
  const nodes: AdfNode[] = [];
  if (tc.description) nodes.push(adf.p(tc.description));
  if (tc.kind === 'manual') {
    if (tc.preconditions.length > 0) nodes.push(adf.heading(3, 'Preconditions'), adf.bullets(tc.preconditions));
    nodes.push(
      adf.heading(3, 'Steps'),
      adf.table(
        ['#', 'Action', 'Data', 'Expected result'],
        tc.steps.map((s, i) => [String(i + 1), s.action, s.data ?? '', s.expected]),
      ),
    );
  } else {
    nodes.push(adf.heading(3, 'Conversation'));
    for (const m of tc.input.messages) nodes.push(adf.p(adf.text(`${ROLE_LABEL[m.role]}:`, ['strong']), ' ', m.content));
    if (tc.expected.content) nodes.push(adf.heading(3, 'Expected answer'), adf.p(tc.expected.content));
    if (tc.expected.requirements.length > 0) nodes.push(adf.heading(3, 'Requirements'), adf.bullets(tc.expected.requirements));
    if (tc.expected.assert.length > 0) {
      nodes.push(
        adf.heading(3, 'Checks'),
        adf.bullets(
          tc.expected.assert.map(
            (a) =>
              `${a.type}${'value' in a && a.value !== undefined ? `: ${typeof a.value === 'string' ? a.value : JSON.stringify(a.value)}` : ''}`,
          ),
        ),
      );
    }
  }
  const details = [
    `Priority: ${tc.priority}`,
    `Category: ${tc.category}`,
    `Status: ${tc.status}`,
    ...(tc.covers.length > 0 ? [`Covers: ${tc.covers.join(', ')}`] : []),
  ];
  nodes.push(adf.heading(3, 'Details'), adf.p(details.join(' · ')));
  nodes.push(
    adf.rule(),
    adf.p(
      adf.text(
        `Managed by Casewright · case ${tc.id} · version ${tc.version}. Edits here are picked up by "casewright jira pull"; conflicting edits are reported, never overwritten.`,
        ['em'],
      ),
    ),
  );
  return adf.doc(nodes);
}

/** Reads the editable parts back from an issue's summary and ADF description. */
export function issueEditable(kind: TestCase['kind'], summary: unknown, description: unknown): EditableCase {
  const sections = adfSections(description);
  const intro = adfParagraphs(sections.get('') ?? []).join('\n');
  const base: EditableCase = { title: String(summary ?? '').trim(), description: intro || undefined };
  if (kind === 'manual') {
    return {
      ...base,
      preconditions: adfListItems(sections.get('preconditions') ?? []),
      steps: adfTableRows(sections.get('steps') ?? []).map((cells) => {
        // Tolerate a table whose "#" column was removed by hand.
        const [action = '', data = '', expected = ''] =
          cells.length >= 4 ? cells.slice(1) : cells.length === 3 ? cells : [cells[0] ?? '', '', cells[1] ?? ''];
        return { action, data: data || undefined, expected };
      }),
    };
  }
  const messages = adfParagraphs(sections.get('conversation') ?? []).map((line) => {
    const m = /^(System|User|Assistant):\s*([\s\S]*)$/.exec(line);
    return m ? { role: m[1]!.toLowerCase(), content: m[2]!.trim() } : { role: 'user', content: line };
  });
  return {
    ...base,
    messages,
    expectedContent: adfParagraphs(sections.get('expected answer') ?? []).join('\n') || undefined,
    requirements: adfListItems(sections.get('requirements') ?? []),
  };
}

/** The case with its editable parts replaced by `edit` (validated; throws on an edit that breaks the case). */
export function applyEditable(tc: TestCase, edit: EditableCase): TestCase {
  const common = { ...tc, title: edit.title, description: edit.description };
  if (tc.kind === 'manual') {
    return TestCaseSchema.parse({ ...common, preconditions: edit.preconditions ?? tc.preconditions, steps: edit.steps ?? tc.steps });
  }
  return TestCaseSchema.parse({
    ...common,
    input: { ...tc.input, messages: edit.messages ?? tc.input.messages },
    expected: { ...tc.expected, content: edit.expectedContent, requirements: edit.requirements ?? tc.expected.requirements },
  });
}

/** Jira priority names for the case priorities (a site's priority scheme names them). */
export type JiraPriorityNames = Partial<Record<TestCase['priority'], string>>;

/** Fields for creating or updating the issue of a case; with `priorities`, the case priority maps to Jira's `priority` field. */
export function caseToFields(tc: TestCase, options: { priorities?: JiraPriorityNames | undefined } = {}): Record<string, unknown> {
  const priority = options.priorities?.[tc.priority];
  return {
    summary: tc.title,
    description: caseToAdf(tc),
    labels: [CASE_LABEL, ...tc.tags.filter((t) => /^[^\s]{1,255}$/.test(t))],
    ...(priority ? { priority: { name: priority } } : {}),
  };
}

/** The entity property value for a case as it is being written to Jira. */
export function caseProperty(
  tc: TestCase,
  input: { version: number; story?: string | undefined; criteriaHash?: string | undefined; syncedAt: string },
): CaseProperty {
  const { jira: _j, stats: _s, ...canonical } = tc;
  return {
    schema: 1,
    caseId: tc.id,
    version: input.version,
    ...(input.story ? { story: input.story } : {}),
    kind: tc.kind,
    title: tc.title,
    priority: tc.priority,
    status: tc.status,
    covers: tc.covers,
    contentHash: hashOf(caseContent(tc)),
    fieldsHash: hashOf(caseEditable(tc)),
    ...(input.criteriaHash ? { criteriaHash: input.criteriaHash } : {}),
    syncedAt: input.syncedAt,
    case: { ...canonical, version: input.version },
  };
}

/** Writes a case's last run result where the Jira app shows it (the `casewright-run` property). */
export async function recordRunResult(
  client: { setProperty(key: string, propertyKey: string, value: unknown): Promise<void> },
  issueKey: string,
  result: RunProperty,
): Promise<void> {
  await client.setProperty(issueKey, RUN_PROPERTY_KEY, RunPropertySchema.parse(result));
}
