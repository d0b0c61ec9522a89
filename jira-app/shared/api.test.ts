import { describe, expect, it } from 'vitest';
import { createPromptRegistry, TECHNIQUES as CORE_TECHNIQUES } from '@casewright/core';
import { OrgSettingsSchema, OVERRIDABLE_PROMPTS, PayloadSchemas, TECHNIQUES } from './api.js';

describe('the frontend/resolver contract', () => {
  it('offers exactly the techniques and prompt ids core knows', () => {
    expect([...TECHNIQUES]).toEqual([...CORE_TECHNIQUES]);
    const ids = createPromptRegistry()
      .list()
      .map((p: { id: string }) => p.id);
    for (const id of OVERRIDABLE_PROMPTS) expect(ids).toContain(id);
  });

  it('rejects bad payloads with a path', () => {
    const r = PayloadSchemas.startGeneration.safeParse({ kinds: [], count: 99 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['kinds', 'count']);
    expect(PayloadSchemas.setKey.safeParse({ provider: 'openai', secret: 'short' }).success).toBe(false);
    expect(OrgSettingsSchema.parse({})).toMatchObject({ defaultModel: 'offline:rules', linkType: 'Relates', monthlyBudgetUsd: 50 });
  });
});
