/** Test-design techniques a generator may apply (a plain list: the CLI's help names them without loading zod). */
export const TECHNIQUES = ['happy-path', 'negative', 'boundary', 'edge'] as const;
export type Technique = (typeof TECHNIQUES)[number];
