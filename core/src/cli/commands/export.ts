import type { Command } from 'commander';
import { printable } from '../../util/printable.js';
import type { CommandContext } from '../context.js';
import { EXIT_OK } from '../exit-codes.js';

const FORMATS = ['xray', 'xray-results', 'zephyr', 'gherkin'] as const;

interface ExportCliOptions {
  format: (typeof FORMATS)[number];
  out?: string;
  project?: string;
  results?: string;
  testExecution?: string;
  testPlan?: string;
  testKeys: boolean;
  config?: string;
}

export function registerExport(program: Command, ctx: CommandContext): void {
  program
    .command('export')
    .description(
      'export cases to the test-management tools teams run: Xray test import JSON, Xray execution results JSON, Zephyr Scale test cases, Gherkin .feature files (docs/interop.md)',
    )
    .argument('[paths...]', 'case files or directories (default: the working directory; xray-results: the case files the run names)')
    .requiredOption('--format <format>', 'xray, xray-results, zephyr or gherkin', ctx.choice(FORMATS))
    .option(
      '--out <file|dir>',
      'where to write: a file or a directory; - prints the JSON (default: .casewright/export/xray-tests.json, xray-results.json, zephyr-testcases.json, or features/ for gherkin)',
    )
    .option('--project <KEY>', 'the Jira project of the tests (default: jira.project of the config); zephyr and xray-results need one')
    .option('--results <file>', 'xray-results: the result file of casewright run (default: .casewright/last-run.json)')
    .option('--test-execution <KEY>', 'xray-results: import into this Test Execution instead of creating one')
    .option('--test-plan <KEY>', 'xray-results: link the new Test Execution to this Test Plan')
    .option(
      '--no-test-keys',
      "xray-results: match Tests by summary, not by the cases' Jira keys (when the synced issues are not Xray Tests)",
    )
    .option('--config <file>', 'casewright.config.yaml to use (default: the nearest one)')
    .action(
      ctx.action(async (paths: string[], options: ExportCliOptions) => {
        const [{ cliWorkspace }, { exportCases }] = await Promise.all([import('../workspace.js'), import('../../workspace/export-job.js')]);
        const ws = await cliWorkspace(ctx, { config: options.config });
        const result = await exportCases(ws, {
          format: options.format,
          paths,
          out: options.out,
          project: options.project,
          results: options.results,
          testExecution: options.testExecution,
          testPlan: options.testPlan,
          useJiraKeys: options.testKeys,
        });
        const line = (s: string) => ctx.io.stderr(`${printable(s, { singleLine: true })}\n`);
        if (!result.written) ctx.io.stdout(result.files[0]!.text);
        const what = result.format === 'xray-results' ? 'test result' : result.format === 'gherkin' ? 'scenario' : 'case';
        const count = `${result.exported} ${what}${result.exported === 1 ? '' : 's'}`;
        if (result.written) {
          line(
            `exported ${count} as ${result.format} to ${result.files.length === 1 ? result.files[0]!.file : `${result.files.length} files`}`,
          );
          if (result.files.length > 1) for (const file of result.files) line(`  ${file.file}`);
        } else line(`exported ${count} as ${result.format}`);
        for (const note of result.notes) line(`note: ${note}`);
        return EXIT_OK;
      }),
    );
}
