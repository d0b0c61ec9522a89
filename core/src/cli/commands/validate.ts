import path from 'node:path';
import type { Command } from 'commander';
import { formatDiagnostic, type Diagnostic } from '../../errors/diagnostic.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import type { CommandContext } from '../context.js';

interface ValidateOptions {
  format: 'text' | 'json';
  warnings: boolean;
}

export function registerValidate(program: Command, ctx: CommandContext): void {
  program
    .command('validate')
    .description('check case files (*.cases.yaml) against the schema; errors as file:line:col message')
    .argument('<paths...>', 'case files or directories (searched recursively)')
    .option('--format <format>', 'output format: text or json', ctx.choice(['text', 'json']), 'text')
    .option('--no-warnings', 'do not print warnings')
    .action(
      ctx.action(async (paths: string[], options: ValidateOptions) => {
        const { findCaseFiles, loadCaseFile } = await import('../../model/load.js');
        const files = await findCaseFiles(paths, ctx.io.cwd);
        const diagnostics: Diagnostic[] = [];
        let caseCount = 0;
        for (const file of files) {
          const parsed = await loadCaseFile(file, path.relative(ctx.io.cwd, file) || file);
          diagnostics.push(...parsed.diagnostics);
          caseCount += parsed.suite?.cases.length ?? 0;
        }
        const errors = diagnostics.filter((d) => d.severity === 'error');
        const visible = options.warnings ? diagnostics : errors;
        if (options.format === 'json') {
          ctx.io.stdout(
            `${JSON.stringify({ files: files.length, cases: caseCount, errors: errors.length, diagnostics: visible }, null, 2)}\n`,
          );
        } else {
          for (const d of visible) ctx.io.stdout(`${formatDiagnostic(d)}\n`);
          const badFiles = new Set(errors.map((d) => d.file)).size;
          const warnings = diagnostics.length - errors.length;
          const warningText = warnings > 0 ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : '';
          ctx.io.stderr(
            errors.length === 0
              ? `✓ ${files.length} file${files.length === 1 ? '' : 's'}, ${caseCount} case${caseCount === 1 ? '' : 's'} valid${warningText}\n`
              : `✗ ${errors.length} error${errors.length === 1 ? '' : 's'} in ${badFiles} of ${files.length} file${files.length === 1 ? '' : 's'}${warningText}\n`,
          );
        }
        return errors.length > 0 ? EXIT_FINDINGS : EXIT_OK;
      }),
    );
}
