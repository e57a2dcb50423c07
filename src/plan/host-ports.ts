/**
 * Host ports of one container instance, as the ECS scheduler and agent see them: static
 * host ports (host mode, bridge mappings with a hostPort) are "reserved ports" that at most
 * 100 of may exist per instance, the defaults included; dynamic ports (bridge hostPort 0)
 * come from the dynamic range, scanned from the last assigned port + 1 and wrapping, like
 * agent/utils/ephemeral_ports.go (reference/ecs-internals.md §1.1).
 */
import { MAX_RESERVED_PORTS_PER_INSTANCE, type PortRange } from './port-range.js';

/** Host ports are booked per protocol: TCP 80 and UDP 80 do not collide. */
export type PortProtocol = 'tcp' | 'udp';

/** A static host port (or `count` consecutive ones from `port`). */
export interface StaticPortNeed {
  protocol: PortProtocol;
  port: number;
  count: number;
}

/** `count` contiguous dynamic host ports (count > 1 for a containerPortRange). */
export interface DynamicPortNeed {
  protocol: PortProtocol;
  count: number;
}

/** Everything a task needs from its instance's port space. */
export interface PortNeeds {
  static: StaticPortNeed[];
  dynamic: DynamicPortNeed[];
  /** Number of static ports, which count against the 100 reserved ports. */
  staticPortCount: number;
}

/** Port book of one instance. */
export class HostPortBook {
  private readonly used: Record<PortProtocol, Set<number>> = { tcp: new Set(), udp: new Set() };
  private readonly dynamicFree: Record<PortProtocol, number>;
  private reservedCount: number;
  private cursor: number;

  constructor(
    readonly range: PortRange,
    reservedTcp: readonly number[],
    reservedUdp: readonly number[],
  ) {
    const size = range[1] - range[0] + 1;
    this.dynamicFree = { tcp: size, udp: size };
    this.cursor = range[0];
    for (const port of reservedTcp) this.mark('tcp', port);
    for (const port of reservedUdp) this.mark('udp', port);
    this.reservedCount = this.used.tcp.size + this.used.udp.size;
  }

  /** Static ports in use (defaults included), against the limit of 100. */
  get reservedPorts(): number {
    return this.reservedCount;
  }

  /** Ports (static and dynamic) in use per protocol. */
  usedPorts(protocol: PortProtocol): number {
    return this.used[protocol].size;
  }

  private inRange(port: number): boolean {
    return port >= this.range[0] && port <= this.range[1];
  }

  private mark(protocol: PortProtocol, port: number): void {
    const set = this.used[protocol];
    if (set.has(port)) return;
    set.add(port);
    if (this.inRange(port)) this.dynamicFree[protocol]--;
  }

  private free(protocol: PortProtocol, port: number): boolean {
    return !this.used[protocol].has(port);
  }

  /** True when every static port is free, the reserved-port limit holds and dynamic ports remain. */
  fits(needs: PortNeeds): boolean {
    if (needs.staticPortCount > 0) {
      if (this.reservedCount + needs.staticPortCount > MAX_RESERVED_PORTS_PER_INSTANCE) return false;
      for (const need of needs.static) {
        for (let p = need.port; p < need.port + need.count; p++) if (!this.free(need.protocol, p)) return false;
      }
    }
    if (needs.dynamic.length === 0) return true;
    // Fast path: single dynamic ports and no static port inside the range — counting is exact.
    let simple = true;
    let tcp = 0;
    let udp = 0;
    for (const d of needs.dynamic) {
      if (d.count !== 1) simple = false;
      else if (d.protocol === 'tcp') tcp++;
      else udp++;
    }
    for (const s of needs.static) if (this.overlapsRange(s)) simple = false;
    if (simple) return tcp <= this.dynamicFree.tcp && udp <= this.dynamicFree.udp;
    // Ranges, or static ports inside the dynamic range: answer exactly by trying.
    return this.dryRun(needs);
  }

  private overlapsRange(need: StaticPortNeed): boolean {
    return need.port <= this.range[1] && need.port + need.count - 1 >= this.range[0];
  }

  private dryRun(needs: PortNeeds): boolean {
    const saved = { tcp: new Set(this.used.tcp), udp: new Set(this.used.udp) };
    const savedFree = { ...this.dynamicFree };
    const savedCursor = this.cursor;
    const savedReserved = this.reservedCount;
    const result = this.take(needs);
    this.used.tcp = saved.tcp;
    this.used.udp = saved.udp;
    this.dynamicFree.tcp = savedFree.tcp;
    this.dynamicFree.udp = savedFree.udp;
    this.cursor = savedCursor;
    this.reservedCount = savedReserved;
    return result !== undefined;
  }

  /** Why the needs do not fit, in words, for the service's report. */
  whyNot(needs: PortNeeds): string {
    if (this.reservedCount + needs.staticPortCount > MAX_RESERVED_PORTS_PER_INSTANCE) {
      return `it would hold ${this.reservedCount + needs.staticPortCount} reserved host ports, over the limit of ${MAX_RESERVED_PORTS_PER_INSTANCE} per instance`;
    }
    const busy: string[] = [];
    for (const need of needs.static) {
      for (let p = need.port; p < need.port + need.count; p++) if (!this.free(need.protocol, p)) busy.push(`${p}/${need.protocol}`);
    }
    if (busy.length > 0) return `host port ${busy.slice(0, 5).join(', ')}${busy.length > 5 ? ', …' : ''} already in use`;
    return `the dynamic host port range ${this.range[0]}-${this.range[1]} has no room left`;
  }

  /**
   * Takes the ports; returns the first host port chosen for each dynamic need, in order, or
   * undefined (and a possibly half-changed book) when they do not fit — call fits() first.
   */
  take(needs: PortNeeds): number[] | undefined {
    for (const need of needs.static) {
      for (let p = need.port; p < need.port + need.count; p++) this.mark(need.protocol, p);
    }
    this.reservedCount += needs.staticPortCount;
    const chosen: number[] = [];
    for (const need of needs.dynamic) {
      const start = this.findRun(need.protocol, need.count);
      if (start === undefined) return undefined;
      for (let p = start; p < start + need.count; p++) this.mark(need.protocol, p);
      chosen.push(start);
      this.cursor = start + need.count > this.range[1] ? this.range[0] : start + need.count;
    }
    return chosen;
  }

  /** First run of `count` free ports at or after the cursor, wrapping once to the range start. */
  private findRun(protocol: PortProtocol, count: number): number | undefined {
    const [low, high] = this.range;
    const size = high - low + 1;
    if (count > size || this.dynamicFree[protocol] < count) return undefined;
    for (let step = 0; step < size; step++) {
      const start = low + ((this.cursor - low + step) % size);
      if (start + count - 1 > high) continue;
      let run = 0;
      while (run < count && this.free(protocol, start + run)) run++;
      if (run === count) return start;
    }
    return undefined;
  }
}
