import { loadCore } from '../core-loader.js';
import { buildCaseTree, type FileNode } from './case-tree.js';
import { scanCaseFile } from './case-scan.js';

/**
 * A case file's test tree from the line scan, when it can read the file and `full` is not
 * asked; undefined otherwise (see `parseFileTree`). Synchronous: the cheap path never waits.
 */
export function scanFileTree(text: string, full = false): FileNode | undefined {
  return full ? undefined : scanCaseFile(text);
}

/** A case file's test tree from core's parser, loaded on first need: assertion lines and errors included. */
export async function parseFileTree(text: string, shownAs: string): Promise<FileNode> {
  const { parseCaseFile } = await loadCore();
  return buildCaseTree(parseCaseFile(text, shownAs));
}
