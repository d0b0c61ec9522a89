/**
 * What a CI run of `casewright run --jira` sees in the tests: GitHub Actions' variables
 * (https://docs.github.com/en/actions/reference/variables-reference) and a command target that
 * echoes the last message back.
 */

/** The environment of a GitHub Actions run `runId` (attempt 1) on main, at `sha`. */
export const githubActions = (runId: string, sha = '9f2c1e0b7a6d5c4b3a291817161514131211100f') => ({
  GITHUB_ACTIONS: 'true',
  GITHUB_SHA: sha,
  GITHUB_REF_NAME: 'main',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_RUN_ID: runId,
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_ACTOR: 'octocat',
});

/** `targets/echo.yaml`: answers `echo: <the last message>`. */
export const ECHO_TARGET = `type: command
command: node
args: ["-e", "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const r=JSON.parse(s);console.log('echo: '+r.messages.at(-1).content)})"]
`;
