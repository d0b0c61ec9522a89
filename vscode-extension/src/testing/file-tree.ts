import { loadCore } from '../core-loader.js';
import { buildCaseTree, type FileNode } from './case-tree.js';
import { scanCaseFile } from './case-scan.js';

/**
 * A case file's test tree: the line scan when it can read the file (and `full` is not
 * asked), else core's parser, loaded on first need. `parsed` says which one answered:
 * only the parse knows assertion lines and errors.
 */
export async function readFileTree(
  text: string,
  shownAs: string,
  options: { full?: boolean } = {},
): Promise<{ tree: FileNode; parsed: boolean }> {
  const scanned = options.full ? undefined : scanCaseFile(text);
  if (scanned) return { tree: scanned, parsed: false };
  const { parseCaseFile } = await loadCore();
  return { tree: buildCaseTree(parseCaseFile(text, shownAs)), parsed: true };
}
