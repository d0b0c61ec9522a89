// Public API of core/src/run (filled in by its issue).
export {};
