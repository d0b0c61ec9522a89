/**
 * Seeds the local Jira with case issues as core's push leaves them (label and `casewright-case`
 * property), without going through a push: for tests that need hundreds of them. Test code may
 * reach core's modules; the app's tests go through this instead of deep imports.
 */
import { CASE_LABEL, caseProperty } from '../../core/src/connectors/jira/case-mapping.js';
import { CASE_PROPERTY_KEY } from '../../core/src/index.js';
import type { TestCase } from '../../core/src/model/case.js';
import type { JiraServer } from './jira-server.js';

/** Adds the issue of `tc` to `project`, as synced at `syncedAt` for `story`; returns its key. */
export function seedCaseIssue(
  jira: JiraServer,
  tc: TestCase,
  options: { project: string; story: string; issueType?: string; syncedAt?: string },
): string {
  const key = jira.addIssue({
    project: options.project,
    issueType: options.issueType,
    summary: tc.title,
    fields: { labels: [CASE_LABEL] },
  });
  jira.issues
    .get(key)!
    .properties.set(
      CASE_PROPERTY_KEY,
      caseProperty(tc, { version: tc.version, story: options.story, syncedAt: options.syncedAt ?? '2026-11-20T10:00:00Z' }),
    );
  return key;
}
