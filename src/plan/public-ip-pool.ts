/**
 * Auto-assigned public IPv4 addresses of the lab (instances with a public IP, Fargate tasks
 * with assignPublicIp, internet-facing load balancer nodes). They come from 198.19.0.0/16,
 * a range reserved for benchmarking (RFC 2544) that no real destination uses, so the lab's
 * internet gateway can map them 1:1 without shadowing anything.
 */
import { formatIpv4, parseCidr } from '../net/ipv4.js';

/** The lab's pool for public IPv4 addresses AWS would assign. */
export const PUBLIC_IP_POOL = '198.19.0.0/16';

/** Hands out pool addresses in ascending order, skipping those already used (Elastic IPs in the pool). */
export class PublicIpPool {
  private next: number;
  private readonly end: number;

  constructor(private readonly exclude: ReadonlySet<string>) {
    const block = parseCidr(PUBLIC_IP_POOL)!;
    this.next = block.base + 1;
    this.end = block.base + block.size - 1;
  }

  /** The next address, or undefined when the pool is exhausted. */
  take(): string | undefined {
    while (this.next < this.end) {
      const candidate = formatIpv4(this.next++);
      if (!this.exclude.has(candidate)) return candidate;
    }
    return undefined;
  }
}
