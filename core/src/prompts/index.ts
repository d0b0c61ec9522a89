// Public API of core/src/prompts (filled in by its issue).
export {};
