// Plain constants of the case-file format, in a module of their own so the CLI can name them
// in its help without loading the schema (zod, yaml).

/** Case files larger than this are refused before they are read. */
export const MAX_CASE_FILE_BYTES = 10 * 1024 * 1024;

/** The file name pattern of case files. */
export const CASE_FILE_SUFFIX = '.cases.yaml';
