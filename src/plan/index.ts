/**
 * The planner's public surface: plan a deployment, render the plan, and the instance-type
 * data the plan is based on.
 */
export { planDeployment, ALB_FREE_ADDRESSES_NEEDED } from './plan-deployment.js';
export { renderPlan } from './render-plan.js';
export { INSTANCE_TYPES, awsvpcCapacity, CPU_UNITS_PER_VCPU, type InstanceTypeSpec, type InstanceTypeCatalog, type AwsvpcCapacity } from './instance-types.js';
export {
  DEFAULT_DYNAMIC_HOST_PORT_RANGE,
  FALLBACK_DYNAMIC_HOST_PORT_RANGE,
  DEFAULT_RESERVED_TCP_PORTS,
  MAX_RESERVED_PORTS_PER_INSTANCE,
  parsePortRange,
  type PortRange,
} from './port-range.js';
export { usableAddressCount } from './subnet-address-pool.js';
export { PUBLIC_IP_POOL } from './public-ip-pool.js';
export type * from './types.js';
