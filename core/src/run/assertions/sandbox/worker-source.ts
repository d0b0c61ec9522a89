/**
 * The program a sandbox worker process runs (passed with `node -e`, so the worker
 * needs no file and is granted no file access at all). Kept as plain JavaScript
 * text: bundlers must not rewrite it, it must not import anything of ours.
 *
 * It evaluates one expression at a time in a fresh `vm` context built from a
 * null-prototype object (no `process`, `require`, `fetch`, timers), with code
 * generation from strings and WebAssembly off, `import()` refused, and the data
 * rebuilt from JSON inside the context. The process itself runs under Node's
 * permission model (no child processes, workers, file reads or writes, native
 * addons), with code generation from strings disallowed in every realm and the
 * intrinsics frozen, an empty environment, and a heap cap; the parent kills it
 * on a wall-clock deadline. Replies are plain JSON over the IPC channel.
 */
export const WORKER_SOURCE = String.raw`
const vm = await import('node:vm');
for (const name of ['fetch', 'WebSocket', 'EventSource', 'navigator', 'Request', 'Response', 'Headers', 'FormData']) {
  try { delete globalThis[name]; } catch {}
}
process.on('unhandledRejection', () => {});
process.on('uncaughtException', () => {});
const describe = (value) => {
  const t = typeof value;
  if (t === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 39) + '…' : value);
  if (t === 'number' || t === 'boolean' || t === 'undefined' || t === 'bigint') return String(value);
  if (t === 'symbol') return 'a symbol';
  if (t === 'function') return 'a function';
  if (value === null) return 'null';
  return 'an object';
};
const messageOf = (error) => {
  if (error === null || (typeof error !== 'object' && typeof error !== 'function')) return describe(error);
  const message = error.message;
  return typeof message === 'string' ? message.slice(0, 500) : describe(message);
};
const run = (request) => {
  let script;
  const context = vm.createContext(Object.create(null), {
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate',
  });
  vm.runInContext('delete globalThis.WebAssembly; delete globalThis.SharedArrayBuffer; delete globalThis.Atomics;', context);
  const refuse = () => {
    throw vm.runInContext('new Error("import() is not allowed in assertions")', context);
  };
  try {
    script = new vm.Script(request.source, { filename: 'assertion.js', importModuleDynamically: refuse });
  } catch (error) {
    return { id: request.id, status: 'compile', message: messageOf(error) };
  }
  let value;
  try {
    value = script.runInContext(context, { timeout: request.timeoutMs });
  } catch (error) {
    if (error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { id: request.id, status: 'timeout' };
    return { id: request.id, status: 'threw', message: messageOf(error) };
  }
  if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return { id: request.id, status: 'value', value };
  if (typeof value === 'string') return { id: request.id, status: 'text', text: value.slice(0, 1000) };
  return { id: request.id, status: 'other', shown: describe(value) };
};
process.on('message', (request) => {
  let reply;
  try {
    reply = run(request);
  } catch (error) {
    reply = { id: request.id, status: 'threw', message: 'the assertion broke the sandbox' };
  }
  process.send(reply);
});
process.send({ status: 'ready' });
`;
