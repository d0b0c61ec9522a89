// Every error class carries its own marker, so `X.isInstance` recognises X (and its
// subclasses) from any copy of core — the extension and the Forge app bundle their own.
import { describe, expect, it } from 'vitest';
import * as errors from '../index.js';
import { CasewrightError } from './casewright-error.js';
import { JiraError } from '../connectors/jira/jira-error.js';

const classes = [...new Set([...Object.values(errors), JiraError])].filter(
  (v): v is typeof CasewrightError => typeof v === 'function' && (v === CasewrightError || v.prototype instanceof CasewrightError),
);

describe('error markers', () => {
  it('each error class declares a marker of its own', () => {
    expect(classes.length).toBeGreaterThan(15);
    for (const c of classes) expect(Object.hasOwn(c, 'marker'), `${c.name} declares no marker`).toBe(true);
    expect(new Set(classes.map((c) => c.marker)).size).toBe(classes.length);
  });

  it('JiraError.isInstance is true only for Jira errors; CasewrightError.isInstance for all of them', () => {
    const jira = new JiraError({ status: 404, method: 'GET', path: '/rest/api/3/issue/SHOP-1' });
    const usage = new errors.UsageError('bad flag');
    expect(JiraError.isInstance(jira)).toBe(true);
    expect(JiraError.isInstance(usage)).toBe(false);
    expect(errors.UsageError.isInstance(jira)).toBe(false);
    expect(CasewrightError.isInstance(jira)).toBe(true);
    expect(CasewrightError.isInstance(usage)).toBe(true);
    expect(CasewrightError.isInstance(new Error('plain'))).toBe(false);
    expect(JiraError.isInstance(undefined)).toBe(false);
  });

  it('recognises an error thrown by another copy of core (same Symbol.for markers, another class)', () => {
    class OtherCopyJiraError extends Error {}
    const foreign = new OtherCopyJiraError('from the extension bundle');
    for (const name of ['casewright.error', 'casewright.error.JiraError'])
      Object.defineProperty(foreign, Symbol.for(name), { value: true });
    expect(foreign instanceof JiraError).toBe(false);
    expect(JiraError.isInstance(foreign)).toBe(true);
    expect(CasewrightError.isInstance(foreign)).toBe(true);
    expect(errors.LlmCallError.isInstance(foreign)).toBe(false);
  });

  it('markers do not show up in JSON or in the enumerable keys of an error', () => {
    const error = new errors.UsageError('x');
    expect(Object.getOwnPropertySymbols(error).every((s) => !Object.getOwnPropertyDescriptor(error, s)!.enumerable)).toBe(true);
  });
});
