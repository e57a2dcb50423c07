/**
 * Deterministic AWS-shaped identifiers (eni-…, i-…, task ids, MAC addresses). They are
 * derived from a stable key (owner and index) rather than a counter, so scaling one service
 * in a what-if run does not rename every other ENI, and the runtime can reconcile by id.
 */

/**
 * `lanes` × 32 bits of FNV-1a over the UTF-16 code units of `key`, each lane started from its
 * own seed and finished with an avalanche step so keys differing only in their last
 * character spread over all bits; returned as 8 hex digits per lane.
 */
function hexDigest(key: string, lanes: 1 | 2 | 3 | 4): string {
  let h0 = 0x811c9dc5;
  let h1 = 0x9e3779b9;
  let h2 = 0x85ebca6b;
  let h3 = 0xc2b2ae35;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h0 = Math.imul(h0 ^ c, 0x01000193);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193);
    h3 = Math.imul(h3 ^ c, 0x01000193);
  }
  let out = '';
  for (const lane of [h0, h1, h2, h3].slice(0, lanes)) {
    let h = lane ^ (lane >>> 15);
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    out += (h >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

/**
 * Hands out ids and MACs, never the same one twice within a plan: on the (unlikely) clash it
 * derives again from the key with a counter, which is still deterministic for a given input.
 */
export class IdentifierFactory {
  private readonly used = new Set<string>();

  private unique(key: string, lanes: 1 | 2 | 3 | 4, make: (digest: string) => string): string {
    for (let attempt = 0; ; attempt++) {
      const candidate = make(hexDigest(attempt === 0 ? key : `${key}\u0000${attempt}`, lanes));
      if (!this.used.has(candidate)) {
        this.used.add(candidate);
        return candidate;
      }
    }
  }

  /** `eni-` and 17 hex digits, as EC2 writes them. */
  eniId(key: string): string {
    return this.unique(`eni:${key}`, 3, (d) => `eni-${d.slice(0, 17)}`);
  }

  /** `i-` and 17 hex digits. */
  instanceId(key: string): string {
    return this.unique(`instance:${key}`, 3, (d) => `i-${d.slice(0, 17)}`);
  }

  /** 32 hex digits, the form of the last part of an ECS task ARN. */
  taskId(key: string): string {
    return this.unique(`task:${key}`, 4, (d) => d);
  }

  /** A locally administered unicast MAC (first octet 02), as the lab's veths need one per ENI. */
  mac(key: string): string {
    return this.unique(`mac:${key}`, 2, (d) => `02:${d.slice(0, 10).match(/../g)!.join(':')}`);
  }
}
