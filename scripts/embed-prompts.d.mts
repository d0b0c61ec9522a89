/** The text of core/src/prompts/builtin-templates.ts for the prompts/ directory as it is now. */
export function renderEmbedded(): string;
