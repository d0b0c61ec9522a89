/**
 * Workflows of the local Jira: the statuses an issue can be in and the transitions between
 * them, in the shapes of the Jira Cloud platform REST v3 documentation:
 * - GET /rest/api/3/status (StatusDetails),
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-workflow-statuses/#api-rest-api-3-status-get
 * - GET /rest/api/3/issue/{issueIdOrKey}/transitions (Transitions: IssueTransition with `to`: StatusDetails),
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-get
 * - POST /rest/api/3/issue/{issueIdOrKey}/transitions (`{ transition: { id } }`, 204),
 *   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-transitions-post
 * A transition is offered only from the statuses it starts from (`from: '*'`: a global
 * transition, offered from every other status), as Jira's GET transitions answers.
 */

export type StatusCategory = 'new' | 'indeterminate' | 'done';

export interface LocalWorkflow {
  /** Status names and their category; the first is where a new issue starts. */
  statuses: Array<{ name: string; category: StatusCategory }>;
  transitions: Array<{ id: string; name: string; from: readonly string[] | '*'; to: string }>;
}

/** Jira's simplified workflow (team-managed projects): To Do, In Progress, Done, any status to any other. */
export const SIMPLIFIED_WORKFLOW: LocalWorkflow = {
  statuses: [
    { name: 'To Do', category: 'new' },
    { name: 'In Progress', category: 'indeterminate' },
    { name: 'Done', category: 'done' },
  ],
  transitions: [
    { id: '11', name: 'To Do', from: '*', to: 'To Do' },
    { id: '21', name: 'In Progress', from: '*', to: 'In Progress' },
    { id: '31', name: 'Done', from: '*', to: 'Done' },
  ],
};

/**
 * A team's own workflow: a case issue is reviewed before it is Ready (no way from To Do straight
 * to Ready); any issue can be retired.
 */
export const REVIEW_WORKFLOW: LocalWorkflow = {
  statuses: [
    { name: 'To Do', category: 'new' },
    { name: 'In Review', category: 'indeterminate' },
    { name: 'Ready', category: 'indeterminate' },
    { name: 'Retired', category: 'done' },
  ],
  transitions: [
    { id: '11', name: 'Send to review', from: ['To Do'], to: 'In Review' },
    { id: '21', name: 'Approve', from: ['In Review'], to: 'Ready' },
    { id: '31', name: 'Retire', from: '*', to: 'Retired' },
  ],
};

const CATEGORIES: Record<StatusCategory, { id: number; key: string; colorName: string; name: string }> = {
  new: { id: 2, key: 'new', colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, key: 'indeterminate', colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, key: 'done', colorName: 'green', name: 'Done' },
};

/** Status ids are site-wide: one per name across the workflows. */
export function createStatusRegistry(baseUrl: () => string) {
  const byName = new Map<string, { id: string; category: StatusCategory }>();
  const details = (name: string) => {
    const s = byName.get(name)!;
    const c = CATEGORIES[s.category];
    return {
      self: `${baseUrl()}/rest/api/3/status/${s.id}`,
      description: '',
      iconUrl: `${baseUrl()}/images/icons/statuses/generic.png`,
      name,
      untranslatedName: name,
      id: s.id,
      statusCategory: { self: `${baseUrl()}/rest/api/3/statuscategory/${c.id}`, ...c },
    };
  };
  return {
    add(workflow: LocalWorkflow) {
      for (const s of workflow.statuses)
        if (!byName.has(s.name)) byName.set(s.name, { id: String(10000 + byName.size), category: s.category });
    },
    /** StatusDetails, as issues carry it in `fields.status` and GET /status lists it. */
    details,
    all: () => [...byName.keys()].map(details),
    /** The transitions offered to an issue in `current` (IssueTransition). */
    transitions(workflow: LocalWorkflow, current: string) {
      return workflow.transitions
        .filter((t) => (t.from === '*' ? t.to !== current : t.from.includes(current)))
        .map((t) => ({
          id: t.id,
          name: t.name,
          to: details(t.to),
          hasScreen: false,
          isGlobal: t.from === '*',
          isInitial: false,
          isAvailable: true,
          isConditional: false,
          isLooped: false,
        }));
    },
  };
}
