/**
 * The smallest lab a host relay needs, for the relay's test and benchmark: an internet
 * namespace with the test host's address and the internet user's, a TCP echo server on the
 * test host, and the relay forwarder (configuration file, control socket) in front of it.
 */
import { echoServerArgv } from '../../src/dataplane/echo-server.js';
import type { LabSpec } from '../../src/dataplane/lab-spec.js';
import { labStateDir } from '../../src/dataplane/lab-state.js';
import { INTERNET_TEST_HOST, INTERNET_USER } from '../../src/fabric/address-plan.js';
import { daemonControlSocket, daemonProcess, type DaemonPlace, type DaemonRuntime } from '../../src/fabric/daemon-config.js';
import { relaySocketPath } from '../../src/fabric/lab-files.js';
import { RELAY_SOURCE_SYSCTLS } from '../../src/fabric/relay-targets.js';

/** Where the forwarder runs. */
export const FORWARDER: DaemonPlace = { namespace: 'internet', role: 'relay-forwarder' };

/** Echo ports of the test host: the first is a relay target from the start, the others are not. */
export const ECHO_PORTS = [7, 2007, 3007];

/** The lab, its forwarder's relay socket and control socket. */
export function relayLab(lab: string, runtime: DaemonRuntime): { spec: LabSpec; relaySocket: string; controlSocket: string } {
  const relaySocket = relaySocketPath(lab);
  const spec: LabSpec = {
    lab,
    namespaces: [{ name: 'internet', sysctls: { ...RELAY_SOURCE_SYSCTLS }, loopbackAddresses: [`${INTERNET_TEST_HOST}/32`, `${INTERNET_USER}/32`] }],
    processes: [
      { namespace: 'internet', role: 'echo', argv: echoServerArgv({ tcp: ECHO_PORTS }) },
      daemonProcess(runtime, 'relay-forwarder', FORWARDER, {
        socket: relaySocket,
        source: INTERNET_USER,
        targets: [{ address: INTERNET_TEST_HOST, port: ECHO_PORTS[0] as number }],
      }),
    ],
  };
  return { spec, relaySocket, controlSocket: daemonControlSocket(labStateDir(lab), FORWARDER) };
}
