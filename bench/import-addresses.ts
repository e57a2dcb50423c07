/**
 * Price of the one address authority (issue 7): a template that reads addresses with
 * Fn::GetAtt is resolved twice (once to learn which addresses it reads, once with the plan's
 * answers) and planned twice (to check convergence). Same generated 2,000-resource template as
 * the import benchmark plus 100 instances, each named by a Route 53 record: with the records'
 * values from `!GetAtt Instance.PrivateIp`, against the same records with literal addresses
 * (one resolution, no plan). Run: `node dist/bench/import-addresses.js`.
 */
import type { ImportRequest } from '../src/pipeline/import-deployment.js';
import { importDeployment } from '../src/pipeline/import-deployment.js';
import { loadSpecIndex } from '../src/spec/load-spec.js';
import { generatedTemplate } from '../test/helpers/generate-template.js';
import { median } from './support.js';

const INSTANCES = 100;

function withInstances(readAddresses: boolean): string {
  const lines = [
    generatedTemplate(200).trimEnd(),
    '  Zone: {Type: AWS::Route53::HostedZone, Properties: {Name: bench.internal, VPCs: [{VPCId: !Ref Vpc, VPCRegion: !Ref AWS::Region}]}}',
  ];
  for (let i = 0; i < INSTANCES; i++) {
    const value = readAddresses ? `!GetAtt Host${i}.PrivateIp` : `10.0.${i % 200}.${100 + Math.floor(i / 200)}`;
    lines.push(
      `  Host${i}: {Type: AWS::EC2::Instance, Properties: {ImageId: ami-1, InstanceType: t3.micro, SubnetId: !Ref Subnet${i % 200}}}`,
      `  Record${i}: {Type: AWS::Route53::RecordSet, Properties: {HostedZoneId: !Ref Zone, Name: host-${i}.bench.internal, Type: A, TTL: '60', ResourceRecords: [${value}]}}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** Medians of `a` and `b`, run alternately so load from other work on the machine hits both alike. */
function timeInterleaved(rounds: number, a: () => void, b: () => void): [number, number] {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < rounds; i++) {
    [a, b].forEach((work, side) => {
      const start = performance.now();
      work();
      samples[side]!.push(performance.now() - start);
    });
  }
  return [median(samples[0]), median(samples[1])];
}

const spec = loadSpecIndex();
const request: ImportRequest = { stacks: [{ name: 'big', path: '/generated/big.yml' }], parameters: {}, templateMap: {}, region: 'us-east-1', accountId: '123456789012' };
const reading = withInstances(true);
const literal = withInstances(false);
for (const text of [reading, literal]) {
  const errors = importDeployment(request, { readFile: () => text, spec: () => spec }).diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`benchmark template has findings: ${JSON.stringify(errors.slice(0, 3))}`);
}
const [ours, reference] = timeInterleaved(
  11,
  () => importDeployment(request, { readFile: () => reading, spec: () => spec }),
  () => importDeployment(request, { readFile: () => literal, spec: () => spec }),
);
console.log(`${'address benchmark (median)'.padEnd(52)} ${'reads'.padStart(11)} ${'literal'.padStart(11)} ${'ratio'.padStart(7)}`);
console.log(
  `${`generated + ${INSTANCES} instances with Route 53 records`.padEnd(52)} ${ours.toFixed(1).padStart(8)} ms ${reference.toFixed(1).padStart(8)} ms ${(ours / reference).toFixed(2).padStart(6)}x`,
);
