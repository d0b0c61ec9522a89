import { describe, expect, it } from 'vitest';
import { detectCi } from './ci-environment.js';

// The variables each CI documents (links in ci-environment.ts), as a job of that CI sets them.
describe('detectCi', () => {
  it.each([
    [
      'GitHub Actions (a pull request: the head branch)',
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_SHA: 'abc123',
        GITHUB_REF_NAME: '42/merge',
        GITHUB_HEAD_REF: 'feature/refunds',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_RUN_ID: '987',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_ACTOR: 'octocat',
      },
      {
        ci: {
          provider: 'github-actions',
          buildUrl: 'https://github.com/acme/shop/actions/runs/987/attempts/2',
          runId: '987',
          actor: 'octocat',
        },
        commit: 'abc123',
        branch: 'feature/refunds',
        executionId: 'gha-987-2',
      },
    ],
    [
      'GitLab CI',
      {
        GITLAB_CI: 'true',
        CI: 'true',
        CI_COMMIT_SHA: 'def456',
        CI_COMMIT_REF_NAME: 'main',
        CI_JOB_URL: 'https://gitlab.com/acme/shop/-/jobs/55',
        CI_PIPELINE_ID: '77',
        GITLAB_USER_LOGIN: 'mia',
      },
      {
        ci: { provider: 'gitlab-ci', buildUrl: 'https://gitlab.com/acme/shop/-/jobs/55', runId: '77', actor: 'mia' },
        commit: 'def456',
        branch: 'main',
        executionId: 'gitlab-77',
      },
    ],
    [
      'Jenkins',
      {
        JENKINS_URL: 'https://ci.acme.example/',
        BUILD_URL: 'https://ci.acme.example/job/shop/12/',
        BUILD_TAG: 'jenkins-shop-12',
        GIT_COMMIT: 'fed789',
        GIT_BRANCH: 'origin/main',
      },
      {
        ci: { provider: 'jenkins', buildUrl: 'https://ci.acme.example/job/shop/12/', runId: 'jenkins-shop-12' },
        commit: 'fed789',
        branch: 'origin/main',
        executionId: 'jenkins-shop-12',
      },
    ],
    ['another CI', { CI: 'true' }, { ci: { provider: 'ci' } }],
  ])('%s', (_name, env, expected) => {
    expect(detectCi(env)).toEqual(expected);
  });

  it('is undefined outside CI, and a long Jenkins job name still makes an id of at most 100 characters', () => {
    expect(detectCi({ HOME: '/home/mia', CI: 'false' })).toBeUndefined();
    const tag = `jenkins-${'very-long-folder/'.repeat(10)}shop-12`;
    const id = detectCi({ JENKINS_HOME: '/var/jenkins', BUILD_TAG: tag })!.executionId!;
    expect(id.length).toBeLessThanOrEqual(100);
    expect(id).not.toBe(detectCi({ JENKINS_HOME: '/var/jenkins', BUILD_TAG: `${tag}3` })!.executionId);
  });
});
