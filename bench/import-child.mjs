// Runs one import in its own process so the benchmark can read this process's peak RSS.
//   node bench/import-child.mjs <source spec> <out.cases.yaml> [filter JSON]
import { openConversationSource } from '../core/dist/connectors/conversations/open-source.js';
import { runImport } from '../core/dist/connectors/conversations/import-task.js';

const [spec, out, filterJson] = process.argv.slice(2);
const source = openConversationSource(spec, { cwd: process.cwd() });
const started = performance.now();
const summary = await runImport({ source, sourceSpec: spec, filter: filterJson ? JSON.parse(filterJson) : {}, out });
const ms = performance.now() - started;
await source.close?.();
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({ ms, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssBytes: usage.maxRSS * 1024, imported: summary.imported, failed: summary.failed, bytesWritten: summary.bytesWritten })}\n`,
);
