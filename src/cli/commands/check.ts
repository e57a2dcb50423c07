/**
 * `ecsnet check`: what breaks before deploy — tasks that cannot pull their image or ship
 * logs, public IPs that do not match their subnets, workloads open to the internet, subnets
 * that run out, tasks that do not fit, single-AZ dependencies — explained the way a
 * reachability analyzer would, from the model and the plan (no kernel). Exit 0 without
 * errors, 1 with errors (the import's own or the analyzer's), 2 on unreadable input or usage.
 */
import { analyzeDeployment } from '../../analyze/index.js';
import type { Diagnostic, Severity } from '../../diagnostics.js';
import { deploymentLocator } from '../../validate/finding.js';
import type { Command } from '../command.js';
import { EXIT } from '../command.js';
import { IMPORT_HELP, importRequest, parseImportArgs, runImport } from '../import-options.js';
import { renderDiagnostics } from '../render-diagnostics.js';
import { refusePlanning } from '../refuse-planning.js';
import { planOptions, planWhatIf, WHAT_IF_HELP, WHAT_IF_OPTIONS } from '../what-if-options.js';

const ORDER: Severity[] = ['error', 'warning', 'info'];
const TITLES: Record<Severity, string> = { error: 'Errors', warning: 'Warnings', info: 'Notes' };

/** The `check` command. */
export const checkCommand: Command = {
  name: 'check',
  summary: 'what breaks before deploy: image pulls, public IPs, open ports, IP exhaustion, placement, AZs',
  help: `Usage: ecsnet check [FILE | NAME=FILE ...] [options]

Imports the stacks, plans them (addresses, ENIs, placement) and reports what would break once
deployed, with the resources involved and what to change:
  no-route-to-image-registry  tasks whose subnet has no internet and no ECR/S3 endpoints
  no-route-to-logs            awslogs containers with no internet and no logs endpoint
  public-ip-in-private-route  AssignPublicIp that does not match the subnets' routes
  open-to-internet            0.0.0.0/0 or ::/0 ingress on a task or instance
  subnet-exhaustion           subnets nearly full, or filled before a service doubles
  alb-subnet-headroom         load balancer subnets with fewer than 8 free addresses
  tasks-not-placed            services short of their desired count, with ECS's reason
  single-az                   services and load balancers in one Availability Zone
  nat-gateway-single-az       private subnets using a NAT gateway in another AZ
  target-group-health-check-port  health checks on a port no container maps
The import's own errors (what CloudFormation would reject) are listed first.
Exit status: 0 no error, 1 errors, 2 unreadable input or bad usage.

${WHAT_IF_HELP}

${IMPORT_HELP}`,
  async run(args, output) {
    const { values, positionals } = parseImportArgs(args, WHAT_IF_OPTIONS);
    if (values.help) {
      output.out(this.help);
      return EXIT.ok;
    }
    const options = planOptions(values);
    const result = runImport(importRequest(values, positionals), !values['no-spec']);
    if (refusePlanning('check', result.diagnostics, output, values.json ? 'json' : 'text')) return EXIT.findings;
    const plan = planWhatIf(result.model, options);
    const analysis = analyzeDeployment({ model: result.model, plan, deployment: result.deployment, locate: deploymentLocator(result.deployment) });
    const importErrors = result.diagnostics.filter((d) => d.severity === 'error');
    const findings: Diagnostic[] = [...importErrors, ...analysis];
    const count = (severity: Severity) => findings.filter((d) => d.severity === severity).length;
    if (values.json) {
      output.out(JSON.stringify({ ok: count('error') === 0, errors: count('error'), warnings: count('warning'), notes: count('info'), findings }, null, 2));
    } else {
      for (const severity of ORDER) {
        const group = findings.filter((d) => d.severity === severity);
        if (group.length === 0) continue;
        output.out(`${TITLES[severity]}:`);
        for (const line of renderDiagnostics(group)) output.out(`  ${line}`);
      }
      output.out(
        `${count('error') === 0 ? 'ok' : 'fails'}: ${result.model.services.length} service(s), ${plan.subnets.length} subnet(s), ` +
          `${count('error')} error(s), ${count('warning')} warning(s), ${count('info')} note(s)`,
      );
    }
    return count('error') === 0 ? EXIT.ok : EXIT.findings;
  },
};
