/**
 * The JQL subset the local Jira server understands: clauses joined by AND, an
 * optional ORDER BY (ignored). Enough for what Casewright sends; anything else
 * is a 400 like Jira's "Error in the JQL Query". With an `index` (an app's
 * `jira:entityProperty` modules), entity properties are searchable only on the
 * indexed paths, by `issue.property[key].path` or by their `searchAlias`, as in
 * https://developer.atlassian.com/platform/forge/manifest-reference/modules/jira-entity-property/;
 * an array value matches when one of its elements does.
 */

/** One indexed entity-property path (from a `jira:entityProperty` module). */
export interface PropertyIndexEntry {
  propertyKey: string;
  path: string;
  searchAlias?: string | undefined;
}
export interface JqlIssueView {
  key: string;
  projectKey: string;
  issueType: string;
  summary: string;
  text: string;
  linkedKeys: string[];
  labels: string[];
  /** The status category's name: To Do, In Progress or Done. */
  statusCategory?: string;
  properties: Record<string, unknown>;
}

type Predicate = (issue: JqlIssueView) => boolean;

function unquote(v: string): string {
  const t = v.trim();
  return /^".*"$|^'.*'$/.test(t) ? t.slice(1, -1) : t;
}

function readPath(value: unknown, path: string): unknown {
  let cur: unknown = value;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

function propertyPredicate(key: string, path: string, op: string, raw: string): Predicate {
  const v = unquote(raw);
  return (i) => {
    const actual = readPath(i.properties[key], path);
    const equal = Array.isArray(actual) ? actual.map(String).includes(v) : actual !== undefined && String(actual) === v;
    return op === '=' ? equal : !equal;
  };
}

function clause(text: string, index: readonly PropertyIndexEntry[] | undefined): Predicate {
  let m: RegExpExecArray | null;
  const indexed = (key: string, path: string) => {
    if (index && !index.some((e) => e.propertyKey === key && e.path === path))
      throw new Error(`Field 'issue.property[${key}].${path}' does not exist or you do not have permission to view it.`);
  };
  const alias = index?.find((e) => e.searchAlias && new RegExp(`^${e.searchAlias}\\s*(=|!=)`, 'i').test(text));
  if (alias && (m = /^\S+\s*(=|!=)\s*(.+)$/.exec(text))) return propertyPredicate(alias.propertyKey, alias.path, m[1]!, m[2]!);
  if ((m = /^project\s*=\s*(.+)$/i.exec(text))) {
    const v = unquote(m[1]!);
    return (i) => i.projectKey === v;
  }
  if ((m = /^(?:key|issue|issuekey)\s*=\s*(.+)$/i.exec(text))) {
    const v = unquote(m[1]!);
    return (i) => i.key === v;
  }
  if ((m = /^(?:key|issue|issuekey)\s+in\s*\((.*)\)$/i.exec(text))) {
    const vs = m[1]!.split(',').map(unquote);
    return (i) => vs.includes(i.key);
  }
  if ((m = /^issue\s+in\s+linkedIssues\(\s*("?[A-Z][A-Z0-9_]+-\d+"?)\s*\)$/i.exec(text))) {
    const v = unquote(m[1]!);
    return (i) => i.linkedKeys.includes(v);
  }
  if ((m = /^labels\s*=\s*(.+)$/i.exec(text))) {
    const v = unquote(m[1]!);
    return (i) => i.labels.includes(v);
  }
  if ((m = /^(?:issuetype|type)\s*=\s*(.+)$/i.exec(text))) {
    const v = unquote(m[1]!);
    return (i) => i.issueType === v;
  }
  if ((m = /^(?:summary|text)\s*~\s*(.+)$/i.exec(text))) {
    const field = m[0].toLowerCase().startsWith('summary') ? 'summary' : 'text';
    const v = unquote(m[1]!).toLowerCase();
    return (i) => (field === 'summary' ? i.summary : i.text).toLowerCase().includes(v);
  }
  if ((m = /^statusCategory\s*(=|!=)\s*(.+)$/i.exec(text))) {
    // https://support.atlassian.com/jira-software-cloud/docs/jql-fields/#Status-category
    const [, op, raw] = m;
    const v = unquote(raw!).toLowerCase();
    return (i) => ((i.statusCategory ?? 'To Do').toLowerCase() === v) === (op === '=');
  }
  if ((m = /^issue\.property\[([A-Za-z0-9_.-]+)\]\.([A-Za-z0-9_.]+)\s+IS\s+(NOT\s+)?EMPTY$/i.exec(text))) {
    // https://support.atlassian.com/jira-software-cloud/docs/jql-keywords/#Is-not
    const [, key, path, not] = m;
    indexed(key!, path!);
    return (i) => {
      const actual = readPath(i.properties[key!], path!);
      const empty = actual === undefined || actual === null || actual === '' || (Array.isArray(actual) && actual.length === 0);
      return not ? !empty : empty;
    };
  }
  if ((m = /^issue\.property\[([A-Za-z0-9_.-]+)\]\.([A-Za-z0-9_.]+)\s*(>=|<=|>|<)\s*(.+)$/.exec(text))) {
    // Number (and date) paths compare by value (https://developer.atlassian.com/cloud/jira/platform/jira-entity-properties/).
    const [, key, path, op, raw] = m;
    indexed(key!, path!);
    const v = unquote(raw!);
    return (i) => {
      const actual = readPath(i.properties[key!], path!);
      if (actual === undefined || actual === null) return false;
      const [a, b] = typeof actual === 'number' ? [actual, Number(v)] : [String(actual), v];
      return op === '>' ? a > b : op === '>=' ? a >= b : op === '<' ? a < b : a <= b;
    };
  }
  if ((m = /^issue\.property\[([A-Za-z0-9_.-]+)\]\.([A-Za-z0-9_.]+)\s*(=|!=)\s*(.+)$/.exec(text))) {
    const [, key, path, op, raw] = m;
    indexed(key!, path!);
    return propertyPredicate(key!, path!, op!, raw!);
  }
  if ((m = /^issue\.property\[([A-Za-z0-9_.-]+)\]\.([A-Za-z0-9_.]+)\s+in\s*\((.*)\)$/i.exec(text))) {
    const [, key, path, list] = m;
    indexed(key!, path!);
    const vs = list!.split(',').map(unquote);
    return (i) => {
      const actual = readPath(i.properties[key!], path!);
      return actual !== undefined && vs.includes(String(actual));
    };
  }
  throw new Error(`Error in the JQL Query: the clause '${text}' is not supported here.`);
}

/** Compiles a JQL string into a predicate; throws with Jira's wording on bad input. */
export function compileJql(jql: string, index?: readonly PropertyIndexEntry[]): Predicate {
  const withoutOrder = jql.replace(/\s+ORDER\s+BY\s+.*$/i, '').trim();
  if (!withoutOrder) throw new Error('Error in the JQL Query: unbounded JQL queries are not allowed here.');
  const parts = withoutOrder.split(/\s+AND\s+/i).map((p) => p.trim());
  const predicates = parts.map((p) => clause(p, index));
  return (issue) => predicates.every((p) => p(issue));
}
