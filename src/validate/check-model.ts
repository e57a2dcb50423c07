/**
 * Entry of the deploy-time checks on the model: everything AWS would refuse when the stack is
 * created, reported together so the user fixes all of it in one pass.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { NetworkModel } from '../model/types.js';
import { checkAddressing } from './check-addressing.js';
import { checkEcs } from './check-ecs.js';
import { checkLoadBalancing } from './check-load-balancing.js';
import { checkRouting } from './check-routing.js';
import type { PropertyLocator } from './finding.js';
import { Findings } from './finding.js';

/** Runs every model check. Pure. */
export function checkModel(model: NetworkModel, locate?: PropertyLocator): Diagnostic[] {
  const findings = new Findings(locate);
  checkAddressing(model, findings);
  checkRouting(model, findings);
  checkEcs(model, findings);
  checkLoadBalancing(model, findings);
  return findings.list;
}
