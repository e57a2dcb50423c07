/**
 * Text renderings of a running lab for `up` and `status`: its VPCs, every endpoint with its
 * addresses and namespace, the internet, the host relays and what is not emulated. Pure.
 *
 * @module
 */
import { namespaceName } from '../dataplane/names.js';
import type { HostRelayPort } from './lab-files.js';
import type { FabricManifest } from './manifest.js';

/** Columns padded to their widest cell. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd()).join('\n');
}

/** What runs in a lab, with addresses. */
export function renderLab(manifest: FabricManifest, relays: readonly HostRelayPort[]): string {
  const lines: string[] = [];
  for (const vpc of manifest.vpcs) {
    const dns = vpc.resolverAddresses.length > 0 ? `DNS ${vpc.resolverAddresses.join(' and ')}` : 'no DNS (enableDnsSupport is off)';
    lines.push(
      `VPC ${vpc.id} ${vpc.cidrs.join(', ')}: router ${namespaceName(manifest.lab, vpc.namespace)}, ${dns}${vpc.internetGatewayId ? `, internet gateway ${vpc.internetGatewayId}` : ', no internet gateway'}`,
    );
    const rows = manifest.endpoints
      .filter((e) => e.vpcId === vpc.id)
      .map((e) => [
        e.kind,
        e.id,
        [e.privateIp, ...(e.secondaryPrivateIps ?? [])].join(','),
        e.publicIp ?? '-',
        e.subnetId.slice(e.subnetId.indexOf('.') + 1),
        e.privateDnsName,
        namespaceName(manifest.lab, e.namespace),
      ]);
    if (rows.length > 0) lines.push(table([['KIND', 'ID', 'PRIVATE IP', 'PUBLIC IP', 'SUBNET', 'DNS NAME', 'NAMESPACE'], ...rows]));
  }
  const awsServices = manifest.aws.services.filter((s) => ['s3', 'dynamodb', 'ecr.api', 'ecr.dkr', 'ecs', 'logs'].includes(s.service));
  lines.push(
    `internet: test host ${manifest.internet.testHost} (http 80, tcp and udp echo 7), DNS ${manifest.internet.dns}, namespace ${namespaceName(manifest.lab, manifest.internet.namespace)}`,
  );
  lines.push(`AWS endpoints (${manifest.region}, http on 80 and plain http on 443): ${awsServices.map((s) => `${s.service} ${s.address}`).join(', ')}`);
  if (relays.length > 0) {
    lines.push('host relays:');
    lines.push(table(relays.map((r) => [`127.0.0.1:${r.localPort}`, '→', `${r.address}:${r.port}`, r.description])));
  } else {
    lines.push('host relays: none (no public address admits the internet on a TCP port)');
  }
  if (manifest.notes.length > 0) {
    lines.push('notes (what the lab does not emulate, and routes that drop):');
    for (const note of manifest.notes) lines.push(`  - ${note}`);
  }
  return lines.join('\n');
}
