/**
 * Text from files, Jira or a target made safe for a terminal: control characters
 * (C0 except newline and tab, DEL, C1) and the bidirectional overrides that can
 * reorder what a reader sees are shown as `\xNN` / `\u{NNNN}` instead of being
 * interpreted, so a title cannot move the cursor, clear the screen, set the window
 * title, or hide text. Newlines are kept unless `singleLine` is set.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_OR_NEWLINE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const show = (ch: string) => {
  const code = ch.codePointAt(0)!;
  return code <= 0xff ? `\\x${code.toString(16).toUpperCase().padStart(2, '0')}` : `\\u{${code.toString(16).toUpperCase()}}`;
};

export function printable(text: string, options: { singleLine?: boolean } = {}): string {
  return text.replace(options.singleLine ? CONTROL_OR_NEWLINE : CONTROL, show);
}
