import { adfText, hashOf, type JiraClient } from '@casewright/core';

/** A story as the panel and the generator see it. */
export interface Story {
  key: string;
  projectKey: string;
  summary: string;
  description: string;
  criteria: Array<{ id: string; text: string }>;
  /** Changes when the acceptance criteria change: cases saved before are then "suspect". */
  criteriaHash: string;
}

/** Splits acceptance-criteria text into criteria: one per list item or line, "AC-3:" prefixes kept as ids. */
export function parseCriteria(text: string): Array<{ id: string; text: string }> {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^\s*(?:[-*•]|\d+[.)])\s*/, '').trim())
    .filter((l) => l.length > 0 && !/^acceptance criteria:?$/i.test(l));
  return lines.map((line, i) => {
    const m = /^(AC-[1-9][0-9]*)\s*[:.)-]\s*(.+)$/i.exec(line);
    return m ? { id: m[1]!.toUpperCase(), text: m[2]!.trim() } : { id: `AC-${i + 1}`, text: line };
  });
}

/**
 * Reads a story: summary, description and acceptance criteria — from the
 * configured field (by id or by name, found through `expand=names`), else from an
 * "Acceptance criteria" heading in the description.
 */
export async function readStory(client: JiraClient, key: string, acceptanceCriteriaField: string): Promise<Story> {
  const issue = await client.getIssue(key, { fields: ['*navigable'], expand: ['names'] });
  const names = issue.names ?? {};
  const wanted = acceptanceCriteriaField.toLowerCase();
  const fieldId = Object.keys(issue.fields).find((id) => id.toLowerCase() === wanted || names[id]?.toLowerCase() === wanted);
  const description = adfText(issue.fields.description).trim();
  let criteriaText = fieldId ? adfText(issue.fields[fieldId]).trim() : '';
  let body = description;
  if (!criteriaText) {
    const m = /(^|\n)\s*acceptance criteria:?\s*\n([\s\S]*)$/i.exec(description);
    if (m) {
      criteriaText = m[2]!;
      body = description.slice(0, m.index).trim();
    }
  }
  const criteria = parseCriteria(criteriaText);
  return {
    key: issue.key,
    projectKey: issue.key.replace(/-\d+$/, ''),
    summary: String(issue.fields.summary ?? ''),
    description: body,
    criteria,
    criteriaHash: hashOf(criteria.map((c) => c.text)),
  };
}
