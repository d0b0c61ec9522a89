import type { ChatMessage } from '../llm/language-model.js';
import { userTurnEnds, type Message } from '../model/case.js';

type Vars = Readonly<Record<string, string | number | boolean>>;

/** Fills `{{name}}` in message text from `vars`; an unknown name is an error that names it. */
export function fillVars(messages: readonly Message[], vars: Vars): ChatMessage[] {
  return messages.map((m, i) => ({
    role: m.role,
    content: m.content.replace(/\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/g, (_all, name: string) => {
      const value = vars[name];
      if (value === undefined) throw new Error(`message ${i + 1} uses {{${name}}}, but the case has no var '${name}'`);
      return String(value);
    }),
  }));
}

/**
 * The calls a multi-turn case makes: one per user turn (consecutive user
 * messages form one turn). Each call sends the conversation up to that turn,
 * with the assistant messages written in the case as history, so every turn is
 * tested in the context the case describes.
 */
export function turnPrefixes(messages: readonly ChatMessage[]): ChatMessage[][] {
  return userTurnEnds(messages).map((end) => messages.slice(0, end + 1));
}
