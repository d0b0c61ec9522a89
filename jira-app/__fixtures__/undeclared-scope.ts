// A resolver that calls a Jira route whose scope (read:jira-user) manifest.yml does not
// declare: @forge/lint must report it (jira-app/manifest.test.ts checks that it does).
import { asUser, route } from '@forge/api';

export async function whoAmI(): Promise<unknown> {
  const response = await asUser().requestJira(route`/rest/api/3/myself`);
  return response.json();
}
