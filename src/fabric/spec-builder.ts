/**
 * Accumulates the parts of a lab spec while the fabric's compilers run (the VPC routers, the
 * owners of ENIs, the internet), so each compiler adds what it owns without knowing the
 * others, and the result comes out in one deterministic order. Pure.
 *
 * @module
 */
import type { LabSpec, NamespaceSpec, NeighborSpec, NftNamespaceSpec, ProcessSpec, RouteSpec, RuleSpec, VethSpec } from '../dataplane/lab-spec.js';

/** A lab spec under construction. */
export class SpecBuilder {
  readonly namespaces: NamespaceSpec[] = [];
  readonly veths: VethSpec[] = [];
  readonly routes: RouteSpec[] = [];
  readonly rules: RuleSpec[] = [];
  readonly neighbors: NeighborSpec[] = [];
  readonly nftables: NftNamespaceSpec[] = [];
  readonly processes: ProcessSpec[] = [];
  private links = 0;

  constructor(readonly lab: string) {}

  /** The next free link number (see `linkAddresses`). */
  nextLink(): number {
    return this.links++;
  }

  /** The finished spec. Empty optional lists are left out so the JSON stays short. */
  build(): LabSpec {
    const spec: LabSpec = { lab: this.lab, namespaces: this.namespaces };
    if (this.veths.length > 0) spec.veths = this.veths;
    if (this.routes.length > 0) spec.routes = this.routes;
    if (this.rules.length > 0) spec.rules = this.rules;
    if (this.neighbors.length > 0) spec.neighbors = this.neighbors;
    if (this.nftables.length > 0) spec.nftables = this.nftables;
    if (this.processes.length > 0) spec.processes = this.processes;
    return spec;
  }
}

/** Sysctls every fabric namespace gets: IPv6 off (the lab is IPv4 for now), which also spares DAD and router solicitations. */
export const BASE_SYSCTLS: Readonly<Record<string, number>> = {
  'net.ipv6.conf.all.disable_ipv6': 1,
  'net.ipv6.conf.default.disable_ipv6': 1,
};

/** Sysctls of a namespace that forwards packets: forwarding on, reverse-path filtering off (routing is asymmetric by design), no ICMP redirects. */
export const FORWARDER_SYSCTLS: Readonly<Record<string, number>> = {
  ...BASE_SYSCTLS,
  'net.ipv4.ip_forward': 1,
  'net.ipv4.conf.all.rp_filter': 0,
  'net.ipv4.conf.default.rp_filter': 0,
  'net.ipv4.conf.all.send_redirects': 0,
  'net.ipv4.conf.default.send_redirects': 0,
};
