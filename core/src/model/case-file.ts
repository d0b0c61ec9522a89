import { knownFieldNames } from './json-schema.js';
import { parseYamlWithSchema, type ParsedYaml, type Span } from './yaml-schema.js';
import { SuiteSchema, type Suite } from './suite.js';
import { inputAudioFiles, userTurnEnds } from './case.js';
import type { Diagnostic } from '../errors/diagnostic.js';

export { CASE_FILE_SUFFIX, MAX_CASE_FILE_BYTES } from './case-file-name.js';

export interface ParsedCaseFile extends Omit<ParsedYaml<Suite>, 'value' | 'report'> {
  /** The validated suite, with defaults applied; undefined when there are errors. */
  suite: Suite | undefined;
}

let fieldNames: Set<string> | undefined;

/**
 * Parses and validates the text of a `*.cases.yaml` file. Never throws for bad
 * content: every problem becomes a located diagnostic.
 */
export function parseCaseFile(text: string, file: string): ParsedCaseFile {
  const parsed = parseYamlWithSchema(text, file, SuiteSchema, {
    expected: "a case file (a mapping with 'suite:' and 'cases:')",
    emptyMessage: "the file is empty; a case file needs 'suite:' and 'cases:' (see docs/file-format.md)",
    knownFields: () => (fieldNames ??= knownFieldNames()),
  });
  const { value, report, ...rest } = parsed;
  if (value) checkSuite(value, parsed.locate, report);
  const ok = value !== undefined && !parsed.diagnostics.some((d) => d.severity === 'error');
  return { ...rest, suite: ok ? value : undefined };
}

type Report = (code: string, message: string, path: (string | number)[], where: Span, severity?: Diagnostic['severity']) => void;

/** Rules the schema cannot express: unique ids, cases that check nothing. */
function checkSuite(suite: Suite, locate: ParsedCaseFile['locate'], add: Report): void {
  const seen = new Map<string, number>();
  suite.cases.forEach((testCase, index) => {
    const earlier = seen.get(testCase.id.toLowerCase());
    if (earlier !== undefined) {
      const line = locate(['cases', earlier, 'id']).start.line;
      add(
        'duplicate-id',
        `duplicate case id ${testCase.id}; it is already used by the case on line ${line}`,
        ['cases', index, 'id'],
        locate(['cases', index, 'id']),
      );
    } else {
      seen.set(testCase.id.toLowerCase(), index);
    }
    if (testCase.kind === 'conversation') {
      const hasDefaults = (suite.defaults?.assert?.length ?? 0) > 0;
      if (testCase.expected.assert.length === 0 && testCase.expected.requirements.length === 0 && !hasDefaults) {
        add(
          'no-checks',
          'this case checks nothing: add expected.requirements or expected.assert',
          ['cases', index],
          locate(['cases', index, 'title']),
          'warning',
        );
      }
      const recordings = inputAudioFiles(testCase.input);
      const turns = userTurnEnds(testCase.input.messages).length;
      if (recordings.length > 0 && recordings.length !== turns) {
        add(
          'audio-turns',
          `input.audio has ${recordings.length} recording${recordings.length === 1 ? '' : 's'} but the case has ${turns} user turn${turns === 1 ? '' : 's'}; give one recording per user turn`,
          ['cases', index, 'input', 'audio'],
          locate(['cases', index, 'input', 'audio']),
        );
      }
    }
  });
}
