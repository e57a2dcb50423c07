// Regenerates data/instance-types.json from the three upstream files named in
// data/instance-types.md. Run by hand (it is not part of the build):
//   node data/instance-types-gen.mjs <vpc_ip_resource_limit.go> <container-instance-eni.md> <ec2-docs-dir> > data/instance-types.json
// <ec2-docs-dir> holds general-purpose-instances.md, compute-optimized-instances.md and
// memory-optimized-instances.md from awsdocs/amazon-ec2-user-guide.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [limitsPath, eniDocPath, ec2DocsDir] = process.argv.slice(2);
if (!limitsPath || !eniDocPath || !ec2DocsDir) {
  console.error('usage: node data/instance-types-gen.mjs <vpc_ip_resource_limit.go> <container-instance-eni.md> <ec2-docs-dir>');
  process.exit(2);
}

const FAMILIES = ['t2', 't3', 't3a', 'm4', 'm5', 'm5a', 'm6i', 'm7g', 'c4', 'c5', 'c6i', 'c7g', 'r5', 'r6i'];
const GRAVITON = new Set(['m7g', 'c7g']);
// Named in the notes of the ECS trunking table as unsupported although their family is supported.
const EXPLICITLY_UNSUPPORTED = new Set(['c5.metal', 'm5.metal', 'r5.metal', 'r5.8xlarge']);

const limits = new Map();
const go = readFileSync(limitsPath, 'utf8');
const limitRow = /"([a-z0-9-]+\.[a-z0-9-]+)": \{\s*ENILimit:\s*(\d+),\s*IPv4Limit:\s*(\d+),[\s\S]*?HypervisorType:\s*"([a-z]*)"/g;
for (const m of go.matchAll(limitRow)) limits.set(m[1], { maxEnis: +m[2], ipv4PerEni: +m[3], hypervisor: m[4] });

const hardware = new Map();
for (const f of ['general-purpose-instances', 'compute-optimized-instances', 'memory-optimized-instances']) {
  const md = readFileSync(join(ec2DocsDir, `${f}.md`), 'utf8');
  for (const m of md.matchAll(/^\| *([a-z0-9]+)\\\.([a-z0-9]+) \| (\d+) \| ([0-9.\\]+) \| *$/gm)) {
    hardware.set(`${m[1]}.${m[2]}`, { vcpu: +m[3], memoryGiB: Number(m[4].replace(/\\/g, '')) });
  }
}

const ecs = new Map();
for (const m of readFileSync(eniDocPath, 'utf8').matchAll(/^\| *([a-z0-9]+)\\\.([a-z0-9]+) \| (\d+) \| (\d+) \| *$/gm)) {
  ecs.set(`${m[1]}.${m[2]}`, { without: +m[3], with: +m[4] });
}

const SIZES = ['nano', 'micro', 'small', 'medium', 'large', 'xlarge'];
const sizeRank = (s) => (SIZES.includes(s) ? SIZES.indexOf(s) : s === 'metal' ? 1e6 : SIZES.length + parseInt(s, 10));

const names = [...hardware.keys()]
  .filter((t) => FAMILIES.includes(t.split('.')[0]) && limits.has(t))
  .sort((a, b) => {
    const [fa, sa] = a.split('.');
    const [fb, sb] = b.split('.');
    return fa.localeCompare(fb) || sizeRank(sa) - sizeRank(sb);
  });

const types = {};
for (const t of names) {
  const family = t.split('.')[0];
  const hw = hardware.get(t);
  const lim = limits.get(t);
  const row = ecs.get(t);
  if (row && row.without !== lim.maxEnis - 1) console.error(`warning: ${t}: ECS says ${row.without} tasks without trunking, ENIs-1 = ${lim.maxEnis - 1}`);
  const entry = {
    family,
    vcpu: hw.vcpu,
    memoryMiB: Math.round(hw.memoryGiB * 1024),
    architecture: GRAVITON.has(family) ? 'arm64' : 'x86_64',
    hypervisor: lim.hypervisor,
    maxEnis: lim.maxEnis,
    ipv4PerEni: lim.ipv4PerEni,
    awsvpcTasks: row ? row.without : lim.maxEnis - 1,
    trunking: Boolean(row),
    awsvpcTasksWithTrunking: row ? row.with : null,
  };
  if (!row) {
    const why = EXPLICITLY_UNSUPPORTED.has(t)
      ? `${t} is named unsupported in the ECS trunking table notes`
      : `the ${family} family has no row in the ECS trunking table`;
    entry.derived = `awsvpcTasks = maxEnis - 1 (ECS rule, not a published ECS value); trunking unsupported because ${why}`;
  }
  types[t] = entry;
}

const doc = {
  "$comment": "Instance-type capacity data for the ecsnet planner. Provenance and regeneration: data/instance-types.md. Do not edit values by hand without updating the sources there.",
  sources: {
    maxEnis: "aws/amazon-vpc-cni-k8s pkg/vpc/vpc_ip_resource_limit.go @ b52188387f2e2f10bf289ace929d6a63b176a4fa (ENILimit; generated from EC2 DescribeInstanceTypes) — shared/reference/ecs-internals.md §3.1",
    ipv4PerEni: "aws/amazon-vpc-cni-k8s pkg/vpc/vpc_ip_resource_limit.go @ b52188387f2e2f10bf289ace929d6a63b176a4fa (IPv4Limit) — shared/reference/ecs-internals.md §3.1",
    hypervisor: "aws/amazon-vpc-cni-k8s pkg/vpc/vpc_ip_resource_limit.go @ b52188387f2e2f10bf289ace929d6a63b176a4fa (HypervisorType, as upstream writes it: 'unknown' for bare metal)",
    awsvpcTasks: "awsdocs/amazon-ecs-developer-guide doc_source/container-instance-eni.md @ 49232cf2 ('Task limit without ENI trunking'); for types absent from that table: maxEnis - 1 (flagged in `derived`) — shared/reference/ecs-internals.md §3.2",
    awsvpcTasksWithTrunking: "awsdocs/amazon-ecs-developer-guide doc_source/container-instance-eni.md @ 49232cf2 ('Task limit with ENI trunking'); null when trunking is unsupported — shared/reference/ecs-internals.md §3.2",
    vcpu: "awsdocs/amazon-ec2-user-guide doc_source/{general-purpose,compute-optimized,memory-optimized}-instances.md @ e3707c431483ec0ffffcabebd36cf799ba682cd0 ('Default vCPUs')",
    memoryMiB: "same EC2 user guide tables ('Memory (GiB)'), converted: GiB x 1024 (derived by unit conversion)",
    architecture: "derived from the family name: the 'g' families listed here (c7g, m7g) are AWS Graviton (arm64), the rest x86_64"
  },
  types
};
process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
