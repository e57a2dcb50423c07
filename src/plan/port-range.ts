/**
 * The host port settings of the ECS agent that decide where bridge and host tasks fit
 * (reference/ecs-internals.md §1.1).
 */

/** An inclusive port range. */
export type PortRange = readonly [start: number, end: number];

/**
 * Dynamic host ports come from the instance's ip_local_port_range; the ECS-optimized Linux
 * AMI keeps the kernel default 32768-60999 (agent/utils/ephemeral_ports.go).
 */
export const DEFAULT_DYNAMIC_HOST_PORT_RANGE: PortRange = [32768, 60999];

/** What the agent uses when ip_local_port_range cannot be read (agent/utils/ephemeral_ports_linux.go). */
export const FALLBACK_DYNAMIC_HOST_PORT_RANGE: PortRange = [49153, 65535];

/** ECS_RESERVED_PORTS default on Linux: SSH, Docker, the agent and its introspection port. */
export const DEFAULT_RESERVED_TCP_PORTS: readonly number[] = [22, 2375, 2376, 51678, 51679];

/** ECS_RESERVED_PORTS_UDP default. */
export const DEFAULT_RESERVED_UDP_PORTS: readonly number[] = [];

/** A container instance can hold at most 100 reserved (static) host ports, the defaults included. */
export const MAX_RESERVED_PORTS_PER_INSTANCE = 100;

/**
 * Reads a range the way the agent reads ECS_DYNAMIC_HOST_PORT_RANGE (`start-end`); like the
 * agent, anything invalid yields undefined so the caller falls back to the default.
 */
export function parsePortRange(value: string | PortRange): PortRange | undefined {
  let start: number;
  let end: number;
  if (typeof value === 'string') {
    const match = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(value);
    if (!match) return undefined;
    start = Number(match[1]);
    end = Number(match[2]);
  } else {
    [start, end] = value;
  }
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end > 65535 || start > end) return undefined;
  return [start, end];
}
