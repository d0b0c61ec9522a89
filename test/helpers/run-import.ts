// Runs one JSONL import in its own process (tests kill it at chosen moments and resume):
//   node --import tsx test/helpers/run-import.ts <conversations.jsonl> <out.cases.yaml> [checkpointMs]
import { createJsonlSource } from '../../core/src/connectors/conversations/jsonl-source.js';
import { runImport } from '../../core/src/connectors/conversations/import-task.js';

const [file, out, checkpointMs] = process.argv.slice(2);
const summary = await runImport({
  source: createJsonlSource({ file: file! }),
  sourceSpec: `jsonl:${file}`,
  filter: {},
  out: out!,
  checkpointMs: Number(checkpointMs ?? 10_000),
});
const { failures: _f, ...rest } = summary;
process.stdout.write(`${JSON.stringify({ ...rest, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
