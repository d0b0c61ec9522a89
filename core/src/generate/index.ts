// Public API of core/src/generate (filled in by its issue).
export {};
