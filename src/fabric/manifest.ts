/**
 * The fabric manifest: what the compiler made of the model, in the terms people use — which
 * namespace an instance is, which address a NAT gateway has, which nftables counter stands for
 * which security group or NACL rule, which kernel route table is which route table. The lab
 * spec says *what exists*; the manifest says *what it means*, so `status` can list endpoints by
 * logical id and `probe` can name the security group, NACL rule or route that dropped a packet.
 * It is plain JSON, stored next to the lab's state.
 *
 * @module
 */

/** What kind of thing owns an ENI (later issues add tasks and load balancer nodes). */
export type FabricEndpointKind = 'instance' | 'nat-gateway' | 'vpc-endpoint';

/** Something in the lab that can be probed from or to. */
export interface FabricEndpoint {
  kind: FabricEndpointKind;
  /** Model id of the owner (`app.WebServer`, `network.NatGatewayOne`) or the instance's plan name (`app.Asg#0`). */
  id: string;
  /** Names it answers to on the command line: logical id, `Stack.LogicalId`, instance id, ENI id. */
  aliases: string[];
  /** Logical namespace it lives in. */
  namespace: string;
  eniId: string;
  /** Logical name of its interface on the VPC router. */
  routerInterface: string;
  vpcId: string;
  subnetId: string;
  privateIp: string;
  /** Further private addresses of the ENI (a template network interface's secondary addresses), on the same interface. */
  secondaryPrivateIps?: string[];
  prefixLength: number;
  publicIp?: string;
  securityGroupIds: string[];
  /** `ip-10-0-1-23.ec2.internal` and the like. */
  privateDnsName: string;
}

/** A route table as compiled into one VPC router. */
export interface FabricRouteTable {
  routeTableId: string;
  /** Kernel table number, which is also the fwmark that selects it. */
  table: number;
  subnetIds: string[];
  routes: FabricRoute[];
}

/** One route of a route table and what the kernel got for it. */
export interface FabricRoute {
  destination: string;
  /** `local`, `internet-gateway`, `nat-gateway`, `vpc-endpoint`, `instance`, `blackhole`, `no-route` (the implicit default). */
  target: string;
  targetId?: string;
  /** Route logical id (absent for local, gateway endpoint and implicit routes). */
  logicalId?: string;
  /** What the kernel does: forward, deliver locally, drop silently, or answer unreachable. */
  action: 'forward' | 'local' | 'blackhole' | 'unreachable';
  /** Why a route became a blackhole when its template target was not one (missing or not emulated). */
  note?: string;
}

/** What one nftables counter of a router stands for. */
export interface CounterMeaning {
  kind: 'security-group' | 'network-acl' | 'internet-gateway' | 'ipv6' | 'invalid';
  direction?: 'ingress' | 'egress';
  /** Human sentence: "no rule of sg X, Y (ingress of eni-…) admits it". */
  description: string;
  /** Security groups of the ENI set, or the NACL. */
  securityGroupIds?: string[];
  networkAclId?: string;
  ruleNumber?: number | '*';
  action?: 'allow' | 'deny';
  /** Counters that count allowed packets do not explain drops. */
  drops: boolean;
}

/** One VPC router. */
export interface FabricVpc {
  id: string;
  cidrs: string[];
  namespace: string;
  /** nftables table of the router (family inet). */
  nftTable: string;
  resolverAddresses: string[];
  dnsSuffix: string;
  internetGatewayId?: string;
  uplink: { routerIp: string; internetIp: string };
  subnets: { id: string; cidr: string; az: string; routeTableId: string; networkAclId: string; public: boolean }[];
  routeTables: FabricRouteTable[];
  /** Kernel table holding the VPC's local delivery (one /32 per ENI). */
  localTable: number;
  /** Counter name → meaning. */
  counters: Record<string, CounterMeaning>;
}

/** A 127.0.0.1 port of the host relaying to a public address of the lab. */
export interface RelayTarget {
  address: string;
  port: number;
  /** What is behind it: `app.WebServer (i-…) tcp/80`. */
  description: string;
}

/** The whole manifest. */
export interface FabricManifest {
  version: 1;
  lab: string;
  region: string;
  vpcs: FabricVpc[];
  endpoints: FabricEndpoint[];
  internet: { namespace: string; testHost: string; dns: string; user: string };
  aws: { namespace: string; services: { service: string; address: string; prefix?: string; names: string[] }[] };
  relays: RelayTarget[];
  /** Parts of the model the fabric does not emulate yet, said once each. */
  notes: string[];
}
