/** Where `casewright run` keeps the last result (`--rerun-failed` reads it; judge-queue overrides change it). No imports: the CLI loads it at start. */
export const LAST_RUN_FILE = '.casewright/last-run.json';
