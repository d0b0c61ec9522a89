import type { RemoteCase, TestCase } from '@casewright/core';
import type { CaseView, LinkedCaseView } from '../shared/api.js';

export function caseView(tc: TestCase): CaseView {
  return {
    id: tc.id,
    title: tc.title,
    kind: tc.kind,
    priority: tc.priority,
    status: tc.status,
    covers: tc.covers,
    version: tc.version,
    case: JSON.parse(JSON.stringify(tc)) as Record<string, unknown>,
    key: tc.jira?.key,
  };
}

export function linkedCaseView(remote: RemoteCase, criteriaHash: string | undefined): LinkedCaseView {
  const p = remote.property;
  const base: CaseView = remote.case
    ? caseView({ ...remote.case, jira: { key: remote.key, version: p.version, syncedAt: p.syncedAt } })
    : {
        id: p.caseId,
        title: remote.summary,
        kind: p.kind,
        priority: p.priority,
        status: p.status,
        covers: p.covers,
        version: p.version,
        case: {},
      };
  return {
    ...base,
    key: remote.key,
    jiraStatus: remote.status,
    lastRun: remote.lastRun ? { outcome: remote.lastRun.outcome, runAt: remote.lastRun.runAt } : undefined,
    suspect: Boolean(criteriaHash && p.criteriaHash && p.criteriaHash !== criteriaHash),
    editedInJira: remote.editedInJira,
    problem: remote.problem,
    story: p.story,
  };
}
