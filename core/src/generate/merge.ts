import type { TestCaseInput } from '../model/case.js';
import { CaseFileEditor } from '../model/case-file-editor.js';
import type { Story } from './story/story.js';
import { storyRef } from './story/story.js';

/**
 * Adds generated cases to a case file (a new file when `text` is undefined),
 * keeping everything already in it — comments, order, and every existing case
 * untouched. Returns the new file text; throws `CaseFileError` if the result
 * would not validate (nothing is written by this function).
 */
export function mergeIntoCaseFile(text: string | undefined, file: string, story: Story, cases: readonly TestCaseInput[]): string {
  const editor =
    text === undefined
      ? CaseFileEditor.create(
          {
            suite: story.key ? `${story.key}: ${story.title}` : story.title,
            ...(storyRef(story) ? { story: storyRef(story) } : {}),
            cases: [],
          },
          file,
        )
      : CaseFileEditor.parse(text, file);
  for (const c of cases) editor.upsertCase(c);
  editor.toSuite();
  return editor.toString();
}
