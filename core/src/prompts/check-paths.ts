import Handlebars from 'handlebars';

/** Parsed templates and partials, by source text (parsing is the slow part of a check). */
const parsed = new Map<string, hbs.AST.Program>();

/**
 * Handlebars' strict mode throws for a missing `{{a.b}}`, but not for a path
 * passed to a helper or partial (`{{> untrusted content=story.title}}`). This
 * walks a template's syntax tree and finds such paths at the root scope that
 * the context does not have, so a missing variable is an error wherever it is
 * used. Inside `#each` / `#with` the scope changes; those blocks are skipped
 * (their plain mustaches are still strict).
 */
export function findMissingPaths(
  source: string,
  context: Record<string, unknown>,
  partials: Readonly<Record<string, string>> = {},
): Array<{ path: string; line: number }> {
  let ast = parsed.get(source);
  if (!ast) {
    ast = Handlebars.parse(source);
    parsed.set(source, ast);
  }
  const missing: Array<{ path: string; line: number }> = [];
  const seen = new Set<string>();
  const check = (node: hbs.AST.Expression | undefined) => {
    if (!node) return;
    if (node.type === 'SubExpression') return checkCall(node as hbs.AST.SubExpression);
    if (node.type !== 'PathExpression') return;
    const path = node as hbs.AST.PathExpression;
    if (path.data || path.depth > 0 || path.parts.length === 0 || path.original === 'this') return;
    let value: unknown = context;
    for (const part of path.parts) {
      if (value !== null && typeof value === 'object' && part in (value as object)) value = (value as Record<string, unknown>)[part];
      else {
        missing.push({ path: path.original, line: path.loc.start.line });
        return;
      }
    }
  };
  const checkCall = (node: { params: hbs.AST.Expression[]; hash?: hbs.AST.Hash }) => {
    node.params.forEach(check);
    node.hash?.pairs.forEach((p: hbs.AST.HashPair) => check(p.value));
  };
  const walk = (program: hbs.AST.Program | undefined) => {
    for (const statement of program?.body ?? []) {
      if (statement.type === 'MustacheStatement') checkCall(statement as hbs.AST.MustacheStatement);
      if (statement.type === 'PartialStatement') {
        const partial = statement as hbs.AST.PartialStatement;
        checkCall({ params: partial.params, hash: partial.hash });
        // A partial without arguments renders in the same context: its paths count too (reported at the call's line).
        const name = (partial.name as hbs.AST.PathExpression).original;
        const text = partials[name];
        if (text !== undefined && partial.params.length === 0 && !partial.hash && !seen.has(name)) {
          seen.add(name);
          for (const m of findMissingPaths(text, context, partials)) missing.push({ path: m.path, line: partial.loc.start.line });
          seen.delete(name);
        }
      }
      if (statement.type === 'BlockStatement') {
        const block = statement as hbs.AST.BlockStatement;
        const name = (block.path as hbs.AST.PathExpression).original;
        // `{{#if x}}` is how a template asks whether x is there: its own argument may be missing.
        if (name !== 'if' && name !== 'unless') checkCall(block);
        if (name === 'if' || name === 'unless') {
          walk(block.program);
          walk(block.inverse);
        }
      }
    }
  };
  walk(ast);
  return missing;
}
