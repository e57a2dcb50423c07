/**
 * Entry of the deploy-time checks on the model: everything AWS would refuse when the stack is
 * created, reported together so the user fixes all of it in one pass.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { NetworkModel } from '../model/types.js';
import { checkResolvedValues } from '../spec/check-resolved-values.js';
import type { Deployment } from '../template/types.js';
import { checkAddressing } from './check-addressing.js';
import { checkEcs } from './check-ecs.js';
import { checkLoadBalancing } from './check-load-balancing.js';
import { checkQuotas } from './check-quotas.js';
import { checkRouting } from './check-routing.js';
import type { PropertyLocator } from './finding.js';
import { Findings } from './finding.js';

/**
 * Runs every model check. Pure. With the `deployment` the model was built from, the resolved
 * property values are checked too (CIDRs, ports, protocols, enumerations, ranges), as the
 * services receive them after parameters and intrinsics.
 */
export function checkModel(model: NetworkModel, locate?: PropertyLocator, deployment?: Deployment): Diagnostic[] {
  const findings = new Findings(locate);
  if (deployment) findings.list.push(...checkResolvedValues(deployment));
  checkAddressing(model, findings);
  checkRouting(model, findings);
  checkEcs(model, findings);
  checkLoadBalancing(model, findings);
  checkQuotas(model, findings);
  return findings.list;
}
