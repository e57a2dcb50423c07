/**
 * Deterministic AWS-shaped identifiers (eni-…, i-…, task ids, MAC addresses). They are
 * derived from a stable key (owner and index) rather than a counter, so scaling one service
 * in a what-if run does not rename every other ENI, and the runtime can reconcile by id.
 */

/** 32-bit FNV-1a over the UTF-16 code units of `text`, started from `seed`. */
function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  // Final avalanche so keys that differ only in their last character spread over all bits.
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  hash ^= hash >>> 12;
  return hash >>> 0;
}

const SEEDS = [0x811c9dc5, 0x9e3779b9, 0x85ebca6b, 0xc2b2ae35] as const;

/** 32 hex characters (128 bits) derived from the key. */
function hexDigest(key: string): string {
  return SEEDS.map((seed) => fnv1a(key, seed).toString(16).padStart(8, '0')).join('');
}

/**
 * Hands out ids and MACs, never the same one twice within a plan: on the (unlikely) clash it
 * derives again from the key with a counter, which is still deterministic for a given input.
 */
export class IdentifierFactory {
  private readonly used = new Set<string>();

  private unique(key: string, make: (digest: string) => string): string {
    for (let attempt = 0; ; attempt++) {
      const candidate = make(hexDigest(attempt === 0 ? key : `${key}\u0000${attempt}`));
      if (!this.used.has(candidate)) {
        this.used.add(candidate);
        return candidate;
      }
    }
  }

  /** `eni-` and 17 hex digits, as EC2 writes them. */
  eniId(key: string): string {
    return this.unique(`eni:${key}`, (d) => `eni-${d.slice(0, 17)}`);
  }

  /** `i-` and 17 hex digits. */
  instanceId(key: string): string {
    return this.unique(`instance:${key}`, (d) => `i-${d.slice(0, 17)}`);
  }

  /** 32 hex digits, the form of the last part of an ECS task ARN. */
  taskId(key: string): string {
    return this.unique(`task:${key}`, (d) => d);
  }

  /** A locally administered unicast MAC (first octet 02), as the lab's veths need one per ENI. */
  mac(key: string): string {
    return this.unique(`mac:${key}`, (d) => `02:${d.slice(0, 10).match(/../g)!.join(':')}`);
  }
}
