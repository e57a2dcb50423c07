/**
 * One address authority across two layers that must stay one-way (template never imports
 * plan): resolution first runs with address attributes left as placeholders and reports which
 * ones the templates read; only then, and only if there are any, the model is planned and the
 * templates are resolved again with the plan's answers (src/pipeline/planned-addresses.ts). The
 * second model is planned once more and must place every ENI identically (convergence: the
 * value the template observed is the address the lab uses). A template whose observed
 * addresses feed back into placement (an instance fixing its PrivateIpAddress to another's
 * PrivateIp) may need a further round; after MAX_ROUNDS the import says so.
 *
 * Considered and rejected: letting the plan honour addresses the template layer picked (as it
 * does for Elastic IPs). A hash-picked private address can collide with another pick or with a
 * fixed address, and then the plan moves one of them and the two layers disagree again; the
 * plan's allocator is the only place that knows what is free. Elastic IPs stay with the
 * template layer because an EIP's address is its physical id (what `Ref` returns and what
 * EIPAssociation, NAT gateways and subnet mappings link by), allocated from a pool of its own
 * (198.18.0.0/15) that no placement decision touches; the plan takes them as given and never
 * allocates in that pool, so each address still has one owner.
 */
import type { Diagnostic } from '../diagnostics.js';
import { buildModel } from '../model/build-model.js';
import { planDeployment } from '../plan/plan-deployment.js';
import type { ResolveResult } from '../template/resolve.js';
import type { AddressOracle } from '../template/types.js';
import { addressFingerprint, plannedAddresses } from './planned-addresses.js';

/** Rounds of resolve → plan after the first; two are enough unless observed addresses fix other addresses. */
export const MAX_ROUNDS = 3;

/** The resolution and model the import keeps, and a finding when the addresses did not settle. */
export interface SettledImport {
  resolved: ResolveResult;
  built: ReturnType<typeof buildModel>;
  /** How many resolutions ran (1 when no template reads an address). */
  resolutions: number;
  diagnostics: Diagnostic[];
}

/**
 * Resolves until the addresses the templates observe are the ones the plan gives. `resolve`
 * runs the template layer with the given oracle (none on the first call). Plans with default
 * options: what-ifs change tasks and Auto Scaling group members only, whose addresses no
 * template can read.
 */
export function settleAddresses(resolve: (addresses?: AddressOracle) => ResolveResult): SettledImport {
  let resolved = resolve();
  let built = buildModel(resolved.deployment);
  if (resolved.observedAddresses.length === 0) return { resolved, built, resolutions: 1, diagnostics: [] };
  let plan = planDeployment(built.model);
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    resolved = resolve(plannedAddresses(plan));
    built = buildModel(resolved.deployment);
    const next = planDeployment(built.model);
    if (addressFingerprint(next) === addressFingerprint(plan)) return { resolved, built, resolutions: round + 1, diagnostics: [] };
    plan = next;
  }
  const first = resolved.observedAddresses[0]!;
  const resource = resolved.deployment.stacks.flatMap((s) => Object.values(s.resources)).find((r) => `${r.stack}.${r.logicalId}` === first.resourceId);
  return {
    resolved,
    built,
    resolutions: MAX_ROUNDS + 1,
    diagnostics: [
      {
        severity: 'warning',
        code: 'address-plan-unsettled',
        message: `the addresses the templates read (${resolved.observedAddresses.map((o) => `${o.resourceId}.${o.attribute}`).join(', ')}) still move the plan after ${MAX_ROUNDS} rounds; a value read from them may not be the address the lab uses`,
        hint: "do not derive a fixed address (PrivateIpAddress, a subnet mapping) from another resource's GetAtt PrivateIp; write the address itself",
        ...(resource ? { ...resource.location, stack: resource.stack, logicalId: resource.logicalId } : {}),
      },
    ],
  };
}
