/**
 * What the lab's DNS servers know and how they answer, without any sockets: the VPC resolver
 * (private DNS names of ENIs, Route 53 private hosted zones, interface-endpoint private DNS,
 * then forwarding) and the internet's public DNS (the region's AWS names, example.com) are the
 * same program with different data. Answering is a pure function of the data and the
 * question, so it is tested without a network and the daemon stays a thin socket loop.
 *
 * @module
 */
import { formatIpv4, lastAddress, parseCidr, parseIpv4 } from '../net/ipv4.js';

/** Record types the lab serves. */
export type DnsRecordType = 'A' | 'AAAA' | 'CNAME' | 'TXT' | 'SRV' | 'MX' | 'PTR';

/** One resource record; `name` may start with `*.` (a wildcard, as Route 53 allows). */
export interface DnsRecord {
  name: string;
  type: DnsRecordType;
  ttl: number;
  /** A/AAAA: the address; CNAME/PTR: the target name; TXT: the text; SRV: `priority weight port target`; MX: `preference exchange`. */
  value: string;
}

/**
 * Names synthesised from addresses, as the Amazon resolver does for EC2: `ip-10-0-1-23.<suffix>`
 * answers 10.0.1.23 for any address inside `cidrs`, and the reverse name answers the name.
 */
export interface SynthesizedNames {
  /** `ec2.internal`, `eu-west-1.compute.internal`, `compute-1.amazonaws.com` (public names). */
  suffix: string;
  /** Prefix before the dashed address: `ip` for private names, `ec2` for public ones. */
  label: string;
  cidrs: string[];
  ttl: number;
}

/** The data of one DNS server. */
export interface DnsZoneData {
  records: DnsRecord[];
  /** Zone apexes this server is authoritative for: a name under one with no record is NXDOMAIN, never forwarded. */
  authoritative: string[];
  synthesized: SynthesizedNames[];
  /**
   * Hook for discovery that changes while the lab runs (Cloud Map namespaces in a later issue):
   * apexes listed here are answered from records pushed at run time.
   */
  dynamicZones?: string[];
}

/** How to answer one question. */
export type DnsAnswer =
  { kind: 'answer'; records: DnsRecord[]; authoritative: boolean } | { kind: 'nxdomain'; zone: string } | { kind: 'nodata'; zone: string } | { kind: 'forward' };

/** Lower-cased, without the trailing dot. */
export function canonicalName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** True when `name` is `zone` or under it. */
export function inZone(name: string, zone: string): boolean {
  const n = canonicalName(name);
  const z = canonicalName(zone);
  return z === '' || n === z || n.endsWith(`.${z}`);
}

/**
 * A zone index: records by name and by wildcard parent, and zone apexes in a set, so a lookup
 * costs a few map probes whatever the zone's size (a 50,000-record Cloud Map namespace answers
 * as fast as a 5-record one), and a run-time change touches only the names it names.
 */
export class DnsZone {
  private readonly exact = new Map<string, DnsRecord[]>();
  private readonly wildcard = new Map<string, DnsRecord[]>();
  private readonly synthesized: { suffix: string; label: string; blocks: [number, number][]; ttl: number; forward: RegExp }[];
  private readonly apexes: Set<string>;
  private count = 0;

  constructor(data: DnsZoneData) {
    for (const record of data.records) this.add(record);
    this.synthesized = data.synthesized.map((s) => ({
      suffix: canonicalName(s.suffix),
      label: s.label,
      ttl: s.ttl,
      blocks: s.cidrs
        .map((c) => parseCidr(c))
        .filter((b) => b !== undefined)
        .map((b) => [b.base, lastAddress(b)] as [number, number]),
      forward: new RegExp(`^${escapeRegExp(s.label)}-(\\d{1,3})-(\\d{1,3})-(\\d{1,3})-(\\d{1,3})\\.${escapeRegExp(canonicalName(s.suffix))}$`),
    }));
    this.apexes = new Set([...data.authoritative, ...(data.dynamicZones ?? [])].map(canonicalName));
  }

  /** Records held (synthesized names not counted). */
  get size(): number {
    return this.count;
  }

  /** Adds or replaces the records of one name (run-time discovery updates). */
  replace(name: string, records: DnsRecord[]): void {
    this.remove([{ name }]);
    for (const r of records) this.add({ ...r, name });
  }

  /**
   * Route 53's UPSERT: for every `name` and `type` among `records`, the records of that name and
   * type become exactly the given ones (other types of the name are kept).
   */
  upsert(records: readonly DnsRecord[]): void {
    const sets = new Map<string, { name: string; type: DnsRecordType }>();
    for (const r of records) sets.set(`${canonicalName(r.name)} ${r.type}`, { name: r.name, type: r.type });
    this.remove([...sets.values()]);
    for (const r of records) this.add(r);
  }

  /** Removes the selected records: all of a name, all of a name and type, or one value. */
  remove(selectors: readonly { name: string; type?: DnsRecordType; value?: string }[]): void {
    for (const sel of selectors) {
      const { map, key } = this.slot(sel.name);
      const list = map.get(key);
      if (!list) continue;
      const kept = list.filter((r) => (sel.type !== undefined && r.type !== sel.type) || (sel.value !== undefined && r.value !== sel.value));
      this.count -= list.length - kept.length;
      if (kept.length === 0) map.delete(key);
      else map.set(key, kept);
    }
  }

  private add(record: DnsRecord): void {
    const { map, key, name } = this.slot(record.name);
    const list = map.get(key);
    const stored = { ...record, name };
    if (list) list.push(stored);
    else map.set(key, [stored]);
    this.count++;
  }

  /** Which map holds a name's records, under which key. */
  private slot(raw: string): { map: Map<string, DnsRecord[]>; key: string; name: string } {
    const name = canonicalName(raw);
    return name.startsWith('*.') ? { map: this.wildcard, key: name.slice(2), name } : { map: this.exact, key: name, name };
  }

  /** How to answer `type` for `name`, following CNAMEs inside the zone data. */
  answer(name: string, type: DnsRecordType | 'ANY'): DnsAnswer {
    const chain: DnsRecord[] = [];
    let current = canonicalName(name);
    for (let hops = 0; hops < 8; hops++) {
      const found = this.lookup(current);
      if (found === undefined) break;
      const matching = found.filter((r) => type === 'ANY' || r.type === type);
      if (matching.length > 0) return { kind: 'answer', records: [...chain, ...matching.map((r) => ({ ...r, name: current }))], authoritative: true };
      const cname = found.find((r) => r.type === 'CNAME');
      if (!cname) {
        if (chain.length > 0) return { kind: 'answer', records: chain, authoritative: true };
        return { kind: 'nodata', zone: this.zoneOf(current) ?? current };
      }
      chain.push({ ...cname, name: current });
      current = canonicalName(cname.value);
    }
    if (chain.length > 0) {
      // A CNAME leaving our data: answer what we have; the client resolves the rest.
      return { kind: 'answer', records: chain, authoritative: true };
    }
    const zone = this.zoneOf(current);
    if (zone !== undefined) return { kind: 'nxdomain', zone };
    return { kind: 'forward' };
  }

  private lookup(name: string): DnsRecord[] | undefined {
    const exact = this.exact.get(name);
    if (exact) return exact;
    const synthesized = this.synthesize(name);
    if (synthesized) return synthesized;
    // The closest enclosing wildcard, as Route 53 matches them.
    let parent = name;
    for (let dot = parent.indexOf('.'); dot >= 0; dot = parent.indexOf('.')) {
      parent = parent.slice(dot + 1);
      const wild = this.wildcard.get(parent);
      if (wild) return wild;
      if (this.exact.has(parent)) return undefined;
    }
    return undefined;
  }

  private synthesize(name: string): DnsRecord[] | undefined {
    for (const s of this.synthesized) {
      const forward = s.forward.exec(name);
      if (forward) {
        const address = forward.slice(1, 5).join('.');
        const value = parseIpv4(address);
        if (value !== undefined && s.blocks.some(([lo, hi]) => value >= lo && value <= hi)) return [{ name, type: 'A', ttl: s.ttl, value: address }];
      }
      const reverse = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa$/.exec(name);
      if (reverse) {
        const address = reverse.slice(1, 5).reverse().join('.');
        const value = parseIpv4(address);
        if (value !== undefined && s.blocks.some(([lo, hi]) => value >= lo && value <= hi)) {
          return [{ name, type: 'PTR', ttl: s.ttl, value: `${s.label}-${formatIpv4(value).replace(/\./g, '-')}.${s.suffix}` }];
        }
      }
    }
    return undefined;
  }

  /** The closest enclosing apex: the name itself, then each parent, then the root. */
  private zoneOf(name: string): string | undefined {
    for (let suffix = name; ; suffix = suffix.slice(suffix.indexOf('.') + 1)) {
      if (this.apexes.has(suffix)) return suffix;
      if (!suffix.includes('.')) break;
    }
    return this.apexes.has('') ? '' : undefined;
  }
}

/** The EC2 private DNS suffix of a region (`ec2.internal` in us-east-1, `<region>.compute.internal` elsewhere). */
export function privateDnsSuffix(region: string): string {
  return region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
}

/** The EC2 public DNS suffix of a region (`compute-1.amazonaws.com` in us-east-1). */
export function publicDnsSuffix(region: string): string {
  return region === 'us-east-1' ? 'compute-1.amazonaws.com' : `${region}.compute.amazonaws.com`;
}

/** `ip-10-0-1-23.ec2.internal` for 10.0.1.23 in us-east-1. */
export function privateDnsName(address: string, region: string): string {
  return `ip-${address.replace(/\./g, '-')}.${privateDnsSuffix(region)}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
