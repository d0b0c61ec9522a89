import { CasewrightError } from '@casewright/core';
import type { z } from 'zod';
import { PayloadSchemas, type ResolverName, type ResolverResult } from '../shared/api.js';
import { AppError, type CallContext } from '../app/deps.js';

/** The request Forge hands a resolver (`@forge/resolver`'s `{payload, context}`). */
export interface ForgeResolverRequest {
  payload: unknown;
  context: {
    accountId?: string;
    extension?: { type?: string; issue?: { key?: string }; project?: { key?: string } };
  };
}

export type ResolverFn = (request: ForgeResolverRequest) => Promise<ResolverResult<unknown>>;

/** Core error codes whose messages are written for users and carry no secrets. */
const SAFE_CODES = /^(JIRA|JIRA_AUTH|JIRA_FORBIDDEN|JIRA_NOT_FOUND|USAGE|BUDGET_EXCEEDED|VALIDATION|CASE_FILE|PROMPT)$/;

/** Turns anything thrown into a result with a safe message. */
export function toErrorResult(error: unknown): ResolverResult<never> {
  if (error instanceof AppError) return { ok: false, error: { code: error.code, message: error.message } };
  if (CasewrightError.isInstance(error)) {
    if (SAFE_CODES.test(error.code)) return { ok: false, error: { code: error.code, message: error.message } };
    // Provider errors can echo request details; show only what kind of failure it was.
    return {
      ok: false,
      error: {
        code: error.code,
        message: `The model call failed (${error.code}). Check the provider settings on the Casewright admin page.`,
      },
    };
  }
  return {
    ok: false,
    error: {
      code: 'UNKNOWN',
      message: 'Something went wrong in Casewright. Try again; if it keeps failing, ask your Jira administrator to check the app logs.',
    },
  };
}

/**
 * A thin resolver: validate the payload with zod, call the handler with where
 * it was called from, return `{ok, data}` or `{ok: false, error}`.
 */
export function defineResolver<N extends ResolverName, T>(
  name: N,
  handler: (payload: z.output<(typeof PayloadSchemas)[N]>, ctx: CallContext) => Promise<T>,
): ResolverFn {
  return async ({ payload, context }) => {
    const parsed = PayloadSchemas[name].safeParse(payload ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: `${first?.path.join('.') || 'payload'}: ${first?.message ?? 'invalid'}` },
      };
    }
    const ctx: CallContext = {
      accountId: context?.accountId,
      issueKey: context?.extension?.issue?.key,
      projectKey: context?.extension?.project?.key,
      moduleType: context?.extension?.type,
    };
    try {
      return { ok: true, data: await handler(parsed.data as z.output<(typeof PayloadSchemas)[N]>, ctx) };
    } catch (error) {
      if (process.env.CASEWRIGHT_DEBUG) console.error(error);
      console.error(
        `casewright resolver ${name} failed: ${error instanceof Error ? `${error.name} ${CasewrightError.isInstance(error) ? error.code : ''}` : 'non-error'}`,
      );
      return toErrorResult(error);
    }
  };
}

export function requireIssue(ctx: CallContext): string {
  if (!ctx.issueKey || !/^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/.test(ctx.issueKey))
    throw new AppError('NO_ISSUE', 'Open this panel on a Jira issue.');
  return ctx.issueKey;
}
