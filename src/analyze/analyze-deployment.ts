/**
 * The analyzer: "what breaks before deploy", from the model and the plan, with no kernel.
 * Each check is a small pure function that adds findings located at the property to change;
 * this runs them in the order people act on them and returns the findings sorted.
 */
import type { Diagnostic } from '../diagnostics.js';
import { sortDiagnostics } from '../diagnostics.js';
import { Findings } from '../validate/finding.js';
import type { AnalyzeInput } from './analyze-input.js';
import { checkAvailabilityZones } from './check-availability-zones.js';
import { checkEgress } from './check-egress.js';
import { checkHealthCheckPort } from './check-health-check-port.js';
import { checkOpenToInternet } from './check-open-to-internet.js';
import { checkPlacement } from './check-placement.js';
import { checkPublicIp } from './check-public-ip.js';
import { checkSubnetCapacity } from './check-subnet-capacity.js';

/** Every check, in the order of the `ecsnet check` documentation. */
export const CHECKS: readonly ((input: AnalyzeInput, findings: Findings) => void)[] = [
  checkEgress,
  checkPublicIp,
  checkOpenToInternet,
  checkSubnetCapacity,
  (input, findings) => checkPlacement(input, findings),
  checkAvailabilityZones,
  checkHealthCheckPort,
];

/** Runs every check over a deployment's model and plan; the findings come sorted by file and line. */
export function analyzeDeployment(input: AnalyzeInput): Diagnostic[] {
  const findings = new Findings(input.locate);
  for (const check of CHECKS) check(input, findings);
  return sortDiagnostics(findings.list);
}
