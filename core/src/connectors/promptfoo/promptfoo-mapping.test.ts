// promptfoo assertions and providers as promptfoo documents them
// (promptfoo.dev/docs/configuration/expected-outputs, .../providers/http) and what
// each becomes in Casewright. Mapped javascript runs through Casewright's own handler.
import { describe, expect, it } from 'vitest';
import { javascript } from '../../run/assertions/javascript.js';
import { input } from '../../run/assertions/__fixtures__/handler-input.js';
import { javascriptExpression, mapAssertion, mapProvider, promptMessages } from './promptfoo-mapping.js';

const vars = { name: 'Ada', carrier: 'DHL' };

describe('mapAssertion', () => {
  it.each([
    [{ type: 'equals', value: 'Yes.' }, { assertion: { type: 'equals', value: 'Yes.' } }],
    [{ type: 'contains', value: '{{carrier}}' }, { assertion: { type: 'contains', value: 'DHL' } }],
    [{ type: 'not-icontains', value: 'as an AI', weight: 2 }, { assertion: { type: 'not-icontains', value: 'as an AI', weight: 2 } }],
    [{ type: 'contains-any', value: 'a, b' }, { assertion: { type: 'contains-any', value: ['a', 'b'] } }],
    [
      { type: 'contains-all', value: ['x', 'y'], metric: 'both' },
      { assertion: { type: 'contains-all', value: ['x', 'y'], metric: 'both' } },
    ],
    [
      { type: 'icontains-any', value: ['reset link', '(maybe)'] },
      { assertion: { type: 'regex', value: 'reset link|\\(maybe\\)', flags: 'i' } },
    ],
    [{ type: 'not-icontains-any', value: ['x'] }, { assertion: { type: 'not-regex', value: 'x', flags: 'i' } }],
    [
      { type: 'icontains-all', value: ['a', 'b'] },
      {
        assertion: {
          type: 'assert-set',
          assert: [
            { type: 'icontains', value: 'a' },
            { type: 'icontains', value: 'b' },
          ],
        },
      },
    ],
    [{ type: 'regex', value: '^Hi {{name}}' }, { assertion: { type: 'regex', value: '^Hi Ada' } }],
    [{ type: 'starts-with', value: 'Hallo' }, { assertion: { type: 'starts-with', value: 'Hallo' } }],
    [{ type: 'is-json' }, { assertion: { type: 'is-json' } }],
    [{ type: 'is-json', value: { type: 'object' } }, { assertion: { type: 'is-json', value: { type: 'object' } } }],
    [{ type: 'javascript', value: 'output.length < 10' }, { assertion: { type: 'javascript', value: 'output.length < 10' } }],
    [{ type: 'latency', threshold: 1500 }, { assertion: { type: 'latency', max: 1500 } }],
    [{ type: 'cost', threshold: 0.002 }, { assertion: { type: 'cost', max: 0.002 } }],
    [{ type: 'llm-rubric', value: 'Greets {{name}} by name' }, { requirements: ['Greets Ada by name'] }],
    [{ type: 'model-graded-closedqa', value: 'Is polite' }, { requirements: ['Is polite'] }],
    [{ type: 'g-eval', value: ['Is short', 'Is kind'] }, { requirements: ['Is short', 'Is kind'] }],
    [{ type: 'factuality', value: 'Paris is the capital' }, { requirements: ['Is factually consistent with: Paris is the capital'] }],
    [
      {
        type: 'assert-set',
        threshold: 0.5,
        assert: [
          { type: 'contains', value: 'a' },
          { type: 'icontains-any', value: ['b'] },
        ],
      },
      {
        assertion: {
          type: 'assert-set',
          threshold: 0.5,
          assert: [
            { type: 'contains', value: 'a' },
            { type: 'regex', value: 'b', flags: 'i' },
          ],
        },
      },
    ],
  ])('%j', (promptfoo, expected) => {
    expect(mapAssertion(promptfoo, vars)).toEqual(expected);
  });

  it.each([
    [{ type: 'similar', value: 'x', threshold: 0.8 }, /^similar: embedding similarity has no Casewright equivalent/],
    [{ type: 'contains-json' }, /^contains-json: JSON inside other text is not checked/],
    [{ type: 'not-llm-rubric', value: 'x' }, /a negated model-graded check has no Casewright equivalent/],
    [{ type: 'not-icontains-all', value: ['a'] }, /"not all of" has no Casewright equivalent/],
    [{ type: 'latency' }, /^latency: needs a threshold$/],
    [{ type: 'contains', value: 'file://expected.txt' }, /values read from files \(file:\/\/\) are not imported/],
    [{ type: 'equals', value: { a: 1 } }, /^equals: only a text value is imported$/],
    [{ type: 'assert-set', assert: [{ type: 'similar', value: 'x' }] }, /^assert-set: similar: /],
    [{ type: 'perplexity' }, /^perplexity: has no Casewright equivalent$/],
  ])('%j is reported', (promptfoo, message) => {
    const mapped = mapAssertion(promptfoo, vars);
    expect('problem' in mapped && mapped.problem).toMatch(message);
  });
});

describe('javascript as promptfoo runs it', () => {
  const run = async (value: string, output: string, threshold?: number) =>
    (await javascript(input({ value: javascriptExpression(value, threshold) }, output, { vars: { question: 'Where is my order?' } }))).pass;
  it.each([
    [
      'a multi-line function body with context.vars',
      'const n = output.length;\nreturn n < 50 && !output.includes(context.vars.question);',
      'It shipped.',
      true,
    ],
    ['a one-line expression with context.vars', 'output.includes(context.vars.question)', 'It shipped.', false],
    [
      'a {pass, score, reason} result counts by pass',
      'const ok = output.startsWith("It");\nreturn { pass: ok, score: 0.1, reason: "x" };',
      'It shipped.',
      true,
    ],
    ['a number without threshold passes above 0', 'const n = output.length;\nreturn n;', 'x', true],
  ])('%s', async (_name, value, output, pass) => {
    expect(await run(value, output)).toBe(pass);
  });
  it('a number with a threshold passes when it reaches it', async () => {
    expect(await run('Math.log(output.length) * 10', 'a long enough answer', 25)).toBe(true);
    expect(await run('Math.log(output.length) * 10', 'short', 25)).toBe(false);
  });
});

describe('mapProvider', () => {
  it.each([
    ['openai:gpt-4.1-mini', { name: 'openai-gpt-4.1-mini', target: { type: 'model', model: 'openai:gpt-4.1-mini' }, notes: [] }],
    ['openai:chat:gpt-4o', { name: 'openai-gpt-4o', target: { type: 'model', model: 'openai:gpt-4o' }, notes: [] }],
    [
      'anthropic:messages:claude-haiku-4-5',
      { name: 'anthropic-claude-haiku-4-5', target: { type: 'model', model: 'anthropic:claude-haiku-4-5' }, notes: [] },
    ],
    [
      'google:gemini-2.5-flash',
      { name: 'google-gemini-2.5-flash', target: { type: 'model', model: 'google:gemini-2.5-flash' }, notes: [] },
    ],
  ])('%s', (id, expected) => {
    expect(mapProvider(id)).toEqual(expected);
  });
  it('keeps temperature and max_tokens and names the config it drops', () => {
    expect(mapProvider({ id: 'openai:gpt-4o', label: 'gpt4o', config: { temperature: 0, max_tokens: 200, apiBaseUrl: 'x' } })).toEqual({
      name: 'gpt4o',
      target: { type: 'model', model: 'openai:gpt-4o', temperature: 0, maxOutputTokens: 200 },
      notes: ['gpt4o: config apiBaseUrl not imported (set providers: in casewright.config.yaml)'],
    });
  });
  it('turns the http provider into an http target: body templates, json.path responses', () => {
    expect(
      mapProvider({
        id: 'https',
        config: {
          url: 'https://bot.example/{{tenant}}/chat',
          method: 'post',
          headers: { authorization: 'Bearer x' },
          body: { q: '{{prompt}}', lang: '{{language}}' },
          transformResponse: 'json.choices[0].message.content',
        },
      }),
    ).toEqual({
      name: 'bot.example-tenant-chat',
      target: {
        type: 'http',
        url: 'https://bot.example/${tenant}/chat',
        method: 'POST',
        headers: { authorization: 'Bearer x' },
        body: { q: '{{prompt}}', lang: '{{vars.language}}' },
        responsePath: 'choices[0].message.content',
      },
      notes: [],
    });
  });
  it('reports providers with no target type', () => {
    expect(mapProvider('exec: python bot.py')).toEqual({
      label: 'exec: python bot.py',
      problem: 'exec: python bot.py: no Casewright target type for it (declare an http, command or model target yourself)',
    });
  });
});

describe('promptMessages', () => {
  it('reads text as one user message and a JSON chat as messages', () => {
    expect(promptMessages('Translate {{text}}')).toEqual([{ role: 'user', content: 'Translate {{text}}' }]);
    expect(promptMessages('[{"role":"system","content":"Be brief"},{"role":"user","content":"{{q}}"}]')).toEqual([
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: '{{q}}' },
    ]);
    expect(promptMessages('[{"role":"tool","content":"x"}]')).toEqual({
      problem: 'a chat prompt message must have role system, user or assistant and text content; found {"role":"tool","content":"x"}',
    });
  });
});
