/**
 * One address authority on the real kernel (issue 7): the addresses a template reads — a Route
 * 53 record built from `!GetAtt Web.PrivateIp`, a record and an output built from a network
 * interface's SecondaryPrivateIpAddresses, an instance's PublicIp from an Elastic IP associated
 * with its network interface — are where the lab puts the instances: the lab's resolver answers
 * the record and a TCP connection to the answer reaches the instance.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import { importRequest, runImport } from '../../src/cli/import-options.js';
import { kernelTest } from './dataplane-support.js';
import { fixture, resolve, withFabric } from './vpc-support.js';

const LAB = `ad-${process.pid.toString(36)}`.slice(0, 16);

test('records and outputs built from GetAtt addresses reach the instances of the lab', kernelTest, async () => {
  const file = fixture('addresses.yml');
  const outputs = runImport(importRequest({}, [file]), false).deployment.stacks[0]!.outputs;
  await withFabric([file], LAB, async (lab) => {
    for (const name of ['Web', 'Host']) await lab.handle.startProcess({ namespace: lab.ns(name), role: 'echo', argv: echoServerArgv({ tcp: [7] }) });
    const client = lab.ns('Client');
    const echo = (from: string, address: string) => lab.handle.probe(from, { proto: 'tcp', address, port: 7, send: 'whoami' });

    // The record from Web.PrivateIp: the resolver's answer is Web's ENI, and it answers there.
    const web = await resolve(lab.handle, client, '10.0.0.2', 'web.corp.internal');
    assert.deepEqual(
      web.answers.map((a) => a.data),
      [lab.endpoint('Web').privateIp],
    );
    assert.equal((await echo(client, String(web.answers[0]?.data))).result, 'reached');

    // The record from the second secondary address of Host's network interface reaches Host.
    const host = lab.endpoint('Host');
    assert.equal(outputs.HostSecondaryAddresses, host.secondaryPrivateIps?.join(','));
    const alias = await resolve(lab.handle, client, '10.0.0.2', 'alias.corp.internal');
    assert.deepEqual(
      alias.answers.map((a) => a.data),
      [host.secondaryPrivateIps?.[1]],
    );
    for (const address of [host.privateIp, ...(host.secondaryPrivateIps ?? [])]) assert.equal((await echo(client, address)).result, 'reached', address);
    // An address the plan gave nobody reaches nothing (the reach above is not the router answering for the subnet).
    assert.notEqual((await echo(client, '10.0.1.250')).result, 'reached');

    // Host.PublicIp is the Elastic IP on its network interface: reachable from the internet.
    assert.equal(outputs.HostPublicIp, host.publicIp);
    assert.equal((await echo('internet', String(outputs.HostPublicIp))).result, 'reached');
  });
});
