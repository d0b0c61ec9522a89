/**
 * What a model answers to Casewright's generation prompt, in the shape of core's
 * DraftCaseListSchema (the `generated_cases` JSON schema the prompt asks for), for the
 * local LLM servers to send back.
 */
export function manualDraft(title: string, covers: string[], action: string, expected: string) {
  return {
    kind: 'manual',
    title,
    priority: 'high',
    technique: 'happy-path',
    covers,
    preconditions: ['A cart with one item'],
    steps: [{ action, data: null, expected }],
  };
}
