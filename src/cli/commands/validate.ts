/**
 * `ecsnet validate`: everything AWS would refuse at deploy time, reported together. Exit 0
 * when valid, 1 on findings, 2 on unreadable input or bad usage.
 */
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { renderDiagnostics } from '../render-diagnostics.js';
import { IMPORT_HELP, importRequest, parseImportArgs, runImport } from '../import-options.js';

/** The `validate` command. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check templates the way CloudFormation, EC2, ECS and ELB would at deploy time',
  help: `Usage: ecsnet validate [FILE | NAME=FILE ...] [options]

Parses and resolves the stacks together, checks every resource against AWS's published
resource specification and the network rules AWS enforces (subnet CIDRs, route targets,
Fargate and awsvpc, target types, container ports, listeners), and reports all findings.
Exit status: 0 valid, 1 findings, 2 unreadable input or bad usage.

${IMPORT_HELP}
  --warnings               also list warnings and notes (default: errors and warnings)`,
  async run(args, output) {
    const { values, positionals } = parseImportArgs(args, { warnings: { type: 'boolean' } });
    if (values.help) {
      output.out(this.help);
      return EXIT.ok;
    }
    const request = importRequest(values, positionals);
    const result = runImport(request, !values['no-spec']);
    const errors = result.diagnostics.filter((d) => d.severity === 'error');
    const shown = result.diagnostics.filter((d) => d.severity !== 'info' || values.warnings);
    if (values.json) {
      output.out(
        JSON.stringify(
          {
            valid: errors.length === 0,
            stacks: result.deployment.stacks.map((s) => ({
              name: s.name,
              file: s.template.file,
              resources: Object.keys(s.resources).length,
              ...(s.parent ? { parent: s.parent } : {}),
            })),
            diagnostics: result.diagnostics,
          },
          null,
          2,
        ),
      );
    } else {
      for (const line of renderDiagnostics(shown)) output.out(line);
      const resources = result.deployment.stacks.reduce((n, s) => n + Object.keys(s.resources).length, 0);
      const warnings = result.diagnostics.filter((d) => d.severity === 'warning').length;
      output.out(
        `${errors.length === 0 ? 'valid' : 'invalid'}: ${result.deployment.stacks.length} stack(s), ${resources} resource(s), ` +
          `${errors.length} error(s), ${warnings} warning(s)`,
      );
    }
    return errors.length === 0 ? EXIT.ok : EXIT.findings;
  },
};
