/**
 * The JQL subset the local Jira server understands: clauses joined by AND, an
 * optional ORDER BY (ignored). Enough for what Casewright sends; anything else
 * is a 400 like Jira's "Error in the JQL Query".
 */
export interface JqlIssueView {
  key: string;
  projectKey: string;
  issueType: string;
  summary: string;
  text: string;
  linkedKeys: string[];
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

function clause(text: string): Predicate {
  let m: RegExpExecArray | null;
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
  if ((m = /^(?:issuetype|type)\s*=\s*(.+)$/i.exec(text))) {
    const v = unquote(m[1]!);
    return (i) => i.issueType === v;
  }
  if ((m = /^(?:summary|text)\s*~\s*(.+)$/i.exec(text))) {
    const field = m[0].toLowerCase().startsWith('summary') ? 'summary' : 'text';
    const v = unquote(m[1]!).toLowerCase();
    return (i) => (field === 'summary' ? i.summary : i.text).toLowerCase().includes(v);
  }
  if ((m = /^issue\.property\[([A-Za-z0-9_.-]+)\]\.([A-Za-z0-9_.]+)\s*(=|!=)\s*(.+)$/.exec(text))) {
    const [, key, path, op, raw] = m;
    const v = unquote(raw!);
    return (i) => {
      const actual = readPath(i.properties[key!], path!);
      const equal = Array.isArray(actual) ? actual.map(String).includes(v) : actual !== undefined && String(actual) === v;
      return op === '=' ? equal : !equal;
    };
  }
  if ((m = /^issue\.property\[([A-Za-z0-9_.-]+)\]\.([A-Za-z0-9_.]+)\s+in\s*\((.*)\)$/i.exec(text))) {
    const [, key, path, list] = m;
    const vs = list!.split(',').map(unquote);
    return (i) => {
      const actual = readPath(i.properties[key!], path!);
      return actual !== undefined && vs.includes(String(actual));
    };
  }
  throw new Error(`Error in the JQL Query: the clause '${text}' is not supported here.`);
}

/** Compiles a JQL string into a predicate; throws with Jira's wording on bad input. */
export function compileJql(jql: string): Predicate {
  const withoutOrder = jql.replace(/\s+ORDER\s+BY\s+.*$/i, '').trim();
  if (!withoutOrder) throw new Error('Error in the JQL Query: unbounded JQL queries are not allowed here.');
  const parts = withoutOrder.split(/\s+AND\s+/i).map((p) => p.trim());
  const predicates = parts.map(clause);
  return (issue) => predicates.every((p) => p(issue));
}
