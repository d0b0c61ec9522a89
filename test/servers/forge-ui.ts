/**
 * The UI side of Forge for tests: `@forge/react` reconciles into a tree and
 * sends it with `callBridge('reconcile', {forgeDoc})`; `@forge/bridge`'s
 * `invoke` sends `callBridge('invoke', {functionKey, payload})`. This bridge keeps
 * the latest tree, answers `invoke` by calling the app's real resolver handler
 * (as Forge does, with the module's context), and records every answer, so a
 * test can check that nothing secret ever reached the browser.
 * Both packages read `globalThis.__bridge` when imported: call `installBridge()`
 * before importing them (dynamic `import()` in the test).
 */
export interface ForgeDocNode {
  type: string;
  props: Record<string, unknown>;
  children: ForgeDocNode[];
}

export interface BridgeContext {
  accountId: string;
  extension: { type: string; issue?: { key: string }; project?: { key: string } };
}

type Handler = (
  request: { call: { functionKey: string; payload: unknown }; context: BridgeContext },
  backend: { principal: { accountId: string } },
) => Promise<unknown>;

export interface Bridge {
  doc: ForgeDocNode | undefined;
  /** Every resolver answer that crossed the bridge to the frontend, as JSON. */
  answers: string[];
  invokes: Array<{ functionKey: string; payload: unknown }>;
  /** The next N `invoke`s of a resolver fail before reaching it (a dropped connection). */
  failNext: Map<string, number>;
  connect(handler: Handler, context: BridgeContext): void;
}

export function installBridge(): Bridge {
  let handler: Handler | undefined;
  const roots = new WeakSet<ForgeDocNode>();
  let context: BridgeContext | undefined;
  const bridge: Bridge = {
    doc: undefined,
    answers: [],
    invokes: [],
    failNext: new Map(),
    connect(h, c) {
      handler = h;
      context = c;
    },
  };
  const g = globalThis as unknown as { self?: unknown; __bridge?: unknown };
  g.self ??= globalThis;
  g.__bridge = {
    callBridge: async (cmd: string, data: Record<string, unknown>) => {
      if (cmd === 'reconcile') {
        // Each ForgeReconciler.render has its own root, mutated in place on every commit:
        // follow the newest root, so an older tree still mounted cannot take over.
        const root = data.forgeDoc as ForgeDocNode;
        if (!roots.has(root)) {
          roots.add(root);
          bridge.doc = root;
        }
        return undefined;
      }
      if (cmd === 'invoke') {
        if (!handler || !context) throw new Error('bridge not connected to a resolver');
        const { functionKey, payload } = data as { functionKey: string; payload: unknown };
        bridge.invokes.push({ functionKey, payload });
        const failure = bridge.failNext.get(functionKey);
        if (failure && failure > 0) {
          // A lost connection or an overloaded site: the call never reaches the resolver.
          bridge.failNext.set(functionKey, failure - 1);
          throw new Error(`invoke ${functionKey} failed: network error`);
        }
        const answer = await handler({ call: { functionKey, payload }, context }, { principal: { accountId: context.accountId } });
        bridge.answers.push(JSON.stringify(answer));
        return answer;
      }
      if (cmd.startsWith('__permission__')) {
        // @forge/bridge's permissions.egress.*: answered by the Forge app under test (see forge-app.ts).
        const host = (globalThis as { __casewrightForgeHost__?: { permission(c: string, p: unknown, a: string): Promise<unknown> } })
          .__casewrightForgeHost__;
        if (!host || !context) throw new Error(`no Forge host answers ${cmd}`);
        return host.permission(cmd, data, context.accountId);
      }
      if (cmd === 'getContext') return context;
      if (cmd === 'onError') return undefined;
      return undefined;
    },
  };
  return bridge;
}

/** The visible text of a tree, one line per text run. */
export function textOf(node: ForgeDocNode | undefined): string {
  if (!node) return '';
  if (node.type === 'String') return String(node.props.text ?? '');
  const own = ['label', 'title'].map((k) => (typeof node.props[k] === 'string' ? `${node.props[k] as string} ` : '')).join('');
  return `${own}${node.children.map(textOf).join(node.type === 'Text' || node.type === 'Lozenge' || node.type === 'Button' ? '' : '\n')}`;
}

export function findAll(node: ForgeDocNode | undefined, pred: (n: ForgeDocNode) => boolean, out: ForgeDocNode[] = []): ForgeDocNode[] {
  if (!node) return out;
  if (pred(node)) out.push(node);
  for (const c of node.children) findAll(c, pred, out);
  return out;
}

/** The `index`-th Button whose text includes `label`. */
export function button(doc: ForgeDocNode | undefined, label: string | RegExp, index = 0): ForgeDocNode {
  const found = findAll(doc, (n) => n.type === 'Button' && (typeof label === 'string' ? textOf(n).includes(label) : label.test(textOf(n))));
  if (!found[index]) throw new Error(`no button "${String(label)}" #${index} in:\n${textOf(doc)}`);
  return found[index]!;
}

export function byName(doc: ForgeDocNode | undefined, type: string, name: string): ForgeDocNode {
  const found = findAll(doc, (n) => n.type === type && n.props.name === name);
  if (found.length === 0) throw new Error(`no ${type} named ${name}`);
  return found[0]!;
}

/** Calls an event prop as the UI Kit host would, then lets React render what it changed. */
export async function fire(node: ForgeDocNode, prop: string, arg?: unknown): Promise<void> {
  const fn = node.props[prop];
  if (typeof fn !== 'function') throw new Error(`${node.type} has no ${prop}`);
  await (fn as (a: unknown) => unknown)(arg);
  await settle();
}

/** Waits until the tree's text satisfies `pred` (polling; no fixed sleeps in tests). */
export async function waitForText(bridge: Bridge, pred: (text: string) => boolean, timeoutMs = 20_000): Promise<string> {
  const start = Date.now();
  for (;;) {
    const text = textOf(bridge.doc);
    if (pred(text)) return text;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting; the tree shows:\n${text}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Lets React and the bridge settle after an event (state updates, effects, resolver calls). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
}

/**
 * Types `text` into a field key by key, as a person does: each key press sends the field's
 * current value (read back from the tree after the previous key) plus one character, so a
 * field that rewrites what was typed shows it. `find` looks the field up again each time.
 */
export async function typeInto(find: () => ForgeDocNode, text: string): Promise<void> {
  for (const ch of text) {
    const node = find();
    const current = String(node.props.value ?? '');
    await fire(node, 'onChange', { target: { value: current + ch, type: String(node.props.type ?? 'text') } });
    await settle();
  }
}

/** Pastes `text` at the end of a field's value: one change event, as a paste sends. */
export async function paste(find: () => ForgeDocNode, text: string): Promise<void> {
  const node = find();
  await fire(node, 'onChange', { target: { value: String(node.props.value ?? '') + text, type: String(node.props.type ?? 'text') } });
  await settle();
}

/** Empties a field (select all, delete). */
export async function clear(find: () => ForgeDocNode): Promise<void> {
  const node = find();
  await fire(node, 'onChange', { target: { value: '', type: String(node.props.type ?? 'text') } });
  await settle();
}

/** Submits the first UI Kit Form whose text includes `containing` (what its submit button does). */
export async function submit(doc: ForgeDocNode | undefined, containing: string): Promise<void> {
  const form = findAll(doc, (n) => n.type === 'Form' && textOf(n).includes(containing))[0];
  if (!form) throw new Error(`no Form with "${containing}" in:\n${textOf(doc)}`);
  await fire(form, 'onSubmit', {});
  await settle();
}

/** The `index`-th node of a type whose `name` prop is `name` (re-read after each render). */
export function field(bridge: Bridge, type: string, name: string, index = 0): () => ForgeDocNode {
  return () => {
    const found = findAll(bridge.doc, (n) => n.type === type && n.props.name === name);
    if (!found[index]) throw new Error(`no ${type} named ${name} #${index} in:\n${textOf(bridge.doc)}`);
    return found[index]!;
  };
}
