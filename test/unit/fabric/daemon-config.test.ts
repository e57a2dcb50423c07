/**
 * Daemons as lab processes: argv names only the program (the configuration goes to a file the
 * applier writes), the file names the control socket next to it, and socket paths stay within
 * a unix socket's limit however long the namespace's name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daemonConfigFile, daemonControlSocket, daemonFileStem, daemonProcess } from '../../../src/fabric/daemon-config.js';
import { validateLabSpec } from '../../../src/dataplane/validate-spec.js';

const runtime = { node: '/usr/bin/node', daemonDir: '/opt/ecsnet/daemons/' };

test('the configuration is a file, never argv, and names its control socket', () => {
  const proc = daemonProcess(
    runtime,
    'relay-forwarder',
    { namespace: 'internet', role: 'relay-forwarder' },
    { socket: '/run/ecsnet/x/relay.sock', source: '203.0.113.100', targets: [] },
  );
  assert.deepEqual(proc.argv, ['/usr/bin/node', '/opt/ecsnet/daemons/relay-forwarder.js']);
  assert.equal(proc.configFile?.name, 'relay-forwarder@internet.json');
  const config = JSON.parse(proc.configFile!.content) as { control: string; source: string };
  assert.equal(config.control, 'relay-forwarder@internet.sock', 'relative to the configuration file');
  assert.equal(config.source, '203.0.113.100');
  assert.equal(daemonControlSocket('/run/ecsnet/x/', { namespace: 'internet', role: 'relay-forwarder' }), '/run/ecsnet/x/daemons/relay-forwarder@internet.sock');
  assert.equal(daemonConfigFile('/run/ecsnet/x', { namespace: 'internet', role: 'relay-forwarder' }), '/run/ecsnet/x/daemons/relay-forwarder@internet.json');
  assert.deepEqual(validateLabSpec({ lab: 'x', namespaces: [{ name: 'internet' }], processes: [proc] }), []);
});

test('long namespace names are hashed so the socket path fits a unix socket', () => {
  const namespace = `vpc.${'VeryLongStackName'.repeat(3)}.ProductionVpc`.slice(0, 64);
  const stem = daemonFileStem({ namespace, role: 'vpc-dns' });
  assert.match(stem, /^vpc-dns@[0-9a-z]+$/);
  assert.ok(daemonControlSocket('/run/ecsnet/a-sixteen-chars-', { namespace, role: 'vpc-dns' }).length <= 107);
  assert.notEqual(stem, daemonFileStem({ namespace: `${namespace.slice(0, 63)}X`, role: 'vpc-dns' }), 'different namespaces, different files');
});

test('a config file name that could leave the daemons directory is refused', () => {
  const problems = validateLabSpec({
    lab: 'x',
    namespaces: [{ name: 'a' }],
    processes: [{ namespace: 'a', role: 'd', argv: ['true'], configFile: { name: '../state.json', content: '{}' } }],
  });
  assert.equal(problems.length, 1);
  assert.match(JSON.stringify(problems), /configFile\.name/);
});
