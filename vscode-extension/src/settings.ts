import * as vscode from 'vscode';

export interface SettingsSnapshot {
  model: string;
  target: string;
  configFile: string;
  concurrency: number;
  repeats: number;
  jiraSite: string;
  jiraEmail: string;
  bigqueryProject: string;
  bigqueryTable: string;
  bigqueryApiEndpoint: string;
}

/** Reads the `casewright.*` settings; secrets are never settings (they live in SecretStorage). */
export class Settings {
  /**
   * The settings as they apply to `scope` (a file or workspace folder): in a multi-root
   * workspace each folder may have its own target, config file and run options.
   */
  read(scope?: vscode.Uri): SettingsSnapshot {
    const c = vscode.workspace.getConfiguration('casewright', scope);
    return {
      model: c.get<string>('model', ''),
      target: c.get<string>('target', ''),
      configFile: c.get<string>('configFile', ''),
      concurrency: c.get<number>('run.concurrency', 4),
      repeats: c.get<number>('run.repeats', 3),
      jiraSite: c.get<string>('jira.site', '').replace(/\/+$/, ''),
      jiraEmail: c.get<string>('jira.email', ''),
      bigqueryProject: c.get<string>('bigquery.project', ''),
      bigqueryTable: c.get<string>('bigquery.table', ''),
      bigqueryApiEndpoint: c.get<string>('bigquery.apiEndpoint', ''),
    };
  }

  async update(key: 'model' | 'target', value: string): Promise<void> {
    await vscode.workspace.getConfiguration('casewright').update(key, value, vscode.ConfigurationTarget.Workspace);
  }
}
