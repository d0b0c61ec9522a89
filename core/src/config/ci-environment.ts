/**
 * What a CI system says about the run it is in, read from its documented environment
 * variables only (nothing is called):
 *
 * - GitHub Actions — https://docs.github.com/en/actions/reference/variables-reference
 *   (GITHUB_ACTIONS, GITHUB_SHA, GITHUB_REF_NAME, GITHUB_SERVER_URL, GITHUB_REPOSITORY,
 *   GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT, GITHUB_ACTOR)
 * - GitLab CI — https://docs.gitlab.com/ci/variables/predefined_variables/
 *   (GITLAB_CI, CI_COMMIT_SHA, CI_COMMIT_REF_NAME, CI_JOB_URL, CI_PIPELINE_URL,
 *   CI_PIPELINE_ID, GITLAB_USER_LOGIN)
 * - Jenkins — https://www.jenkins.io/doc/book/pipeline/jenkins-file/#using-environment-variables
 *   (JENKINS_URL, BUILD_URL, BUILD_TAG, BRANCH_NAME) and the Git plugin's
 *   https://plugins.jenkins.io/git/#plugin-content-environment-variables (GIT_COMMIT,
 *   GIT_BRANCH); BUILD_USER_ID comes from the Build User Vars plugin when installed.
 * - any other CI that sets `CI=true`.
 */
import { createHash } from 'node:crypto';
import type { CiInfo } from '../model/execution.js';

export interface CiEnvironment {
  ci: CiInfo;
  commit?: string | undefined;
  branch?: string | undefined;
  /** An id shared by every job of the CI run (shards of one run record one execution). */
  executionId?: string | undefined;
}

type Env = Record<string, string | undefined>;

const value = (env: Env, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v ? v : undefined;
};

/** The CI the process runs in, or undefined outside CI. */
export function detectCi(env: Env): CiEnvironment | undefined {
  if (value(env, 'GITHUB_ACTIONS') === 'true') {
    const server = value(env, 'GITHUB_SERVER_URL') ?? 'https://github.com';
    const repo = value(env, 'GITHUB_REPOSITORY');
    const runId = value(env, 'GITHUB_RUN_ID');
    const attempt = value(env, 'GITHUB_RUN_ATTEMPT');
    const buildUrl = repo && runId ? `${server}/${repo}/actions/runs/${runId}${attempt ? `/attempts/${attempt}` : ''}` : undefined;
    return {
      ci: compact({ provider: 'github-actions', buildUrl, runId, actor: value(env, 'GITHUB_ACTOR') }),
      commit: value(env, 'GITHUB_SHA'),
      branch: value(env, 'GITHUB_HEAD_REF') ?? value(env, 'GITHUB_REF_NAME'),
      executionId: runId ? `gha-${runId}-${attempt ?? '1'}` : undefined,
    };
  }
  if (value(env, 'GITLAB_CI') === 'true') {
    const pipeline = value(env, 'CI_PIPELINE_ID');
    return {
      ci: compact({
        provider: 'gitlab-ci',
        buildUrl: value(env, 'CI_JOB_URL') ?? value(env, 'CI_PIPELINE_URL'),
        runId: pipeline,
        actor: value(env, 'GITLAB_USER_LOGIN'),
      }),
      commit: value(env, 'CI_COMMIT_SHA'),
      branch: value(env, 'CI_COMMIT_REF_NAME'),
      executionId: pipeline ? `gitlab-${pipeline}` : undefined,
    };
  }
  if (value(env, 'JENKINS_URL') || value(env, 'JENKINS_HOME')) {
    const tag = value(env, 'BUILD_TAG');
    return {
      ci: compact({ provider: 'jenkins', buildUrl: value(env, 'BUILD_URL'), runId: tag, actor: value(env, 'BUILD_USER_ID') }),
      commit: value(env, 'GIT_COMMIT'),
      branch: value(env, 'BRANCH_NAME') ?? value(env, 'GIT_BRANCH'),
      executionId: tag ? boundedId(tag) : undefined,
    };
  }
  if (value(env, 'CI') === 'true' || value(env, 'CI') === '1') return { ci: { provider: 'ci' } };
  return undefined;
}

/** BUILD_TAG is `jenkins-${JOB_NAME}-${BUILD_NUMBER}`: a long job name is hashed to keep the id short. */
function boundedId(id: string): string {
  return id.length <= 100 ? id : `${id.slice(0, 60)}-${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}

function compact(info: { provider: CiInfo['provider'] } & Record<string, string | undefined>): CiInfo {
  return Object.fromEntries(Object.entries(info).filter(([, v]) => v !== undefined)) as CiInfo;
}
