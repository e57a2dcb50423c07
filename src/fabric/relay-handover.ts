/**
 * The host relay without a hop per connection: the 127.0.0.1 listeners are opened here, in
 * the host's namespace, and handed — the listening sockets themselves, over a Node IPC channel
 * — to a relay forwarder this process starts inside the lab's internet namespace. The
 * forwarder accepts on them and dials the lab's public addresses from the internet user's
 * address. A connection then costs what a plain proxy costs (one process, two sockets), where
 * the unix-socket relay (host-relay.ts) costs three processes and four sockets: the unix hop
 * is what held the old relay to a third of a direct connection's rate.
 *
 * The host gets no route and no firewall rule: a socket stays in the namespace it was created
 * in, whichever process holds it. The forwarder is marked as the lab's (ECSNET_LAB) and runs
 * in its namespace, so `down` sweeps it; it exits by itself when this process goes away (its
 * IPC channel closes).
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import type { LabSpec, ProcessSpec } from '../dataplane/lab-spec.js';
import { defaultStateRoot, labStateDir } from '../dataplane/lab-state.js';
import { namespaceName } from '../dataplane/names.js';
import { LAB_ENV, NAMESPACE_ENV, ROLE_ENV } from '../dataplane/proc.js';
import type { HandoverMessage } from '../services/relay-forwarder.js';
import { daemonConfigFile } from './daemon-config.js';
import type { HostRelay } from './host-relay.js';
import type { HostRelayPort } from './lab-files.js';
import type { RelayTarget } from './manifest.js';

/** Role of the handover forwarder in the lab (its log file, its ECSNET_ROLE). */
export const HANDOVER_ROLE = 'relay-handover';
/** Listen backlog of the 127.0.0.1 listeners (capped by the host's net.core.somaxconn). */
const LISTEN_BACKLOG = 4096;
const ACK_TIMEOUT_MS = 10_000;

/**
 * Starts the host relay of a running lab: one 127.0.0.1 listener per target (ephemeral ports,
 * or `basePort + i`), served by a forwarder in the namespace of the spec's `relay-forwarder`
 * with that forwarder's configuration file (its source address). Throws when there are targets
 * and the spec has no relay forwarder.
 */
export async function startLabRelay(spec: LabSpec, targets: readonly RelayTarget[], basePort?: number, stateRoot = defaultStateRoot()): Promise<HostRelay> {
  const proc = spec.processes?.find((p) => p.role === 'relay-forwarder');
  const stateDir = labStateDir(spec.lab, stateRoot);
  let forwarder: Forwarder | undefined;
  /** The forwarder is started with the first listener: a lab with nothing to relay runs none. */
  const started = (): Forwarder => {
    if (!proc?.configFile) throw new Error(`lab "${spec.lab}" has no relay forwarder, so nothing of it can be relayed`);
    forwarder ??= startForwarder(spec.lab, proc, stateDir);
    return forwarder;
  };

  const listening = new Map<string, HostRelayPort>();
  const keyOf = (t: RelayTarget): string => `${t.address}:${t.port}`;
  const listen = async (target: RelayTarget, port: number): Promise<void> => {
    const server: Server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host: '127.0.0.1', backlog: LISTEN_BACKLOG }, () => resolve());
    });
    const address = server.address();
    const localPort = typeof address === 'object' && address ? address.port : 0;
    const key = keyOf(target);
    const { child, awaitAck } = started();
    const ack = awaitAck('listening', key);
    const message: HandoverMessage = { type: 'listen', key, address: target.address, port: target.port };
    child.send(message, server);
    try {
      await ack;
    } finally {
      server.close(); // the forwarder holds its own copy of the socket now
    }
    listening.set(key, { localPort, address: target.address, port: target.port, description: target.description });
  };
  const stop = async (): Promise<void> => {
    if (forwarder && forwarder.child.exitCode === null && forwarder.child.signalCode === null) {
      forwarder.child.kill('SIGTERM');
      await forwarder.exited;
    }
  };

  try {
    for (const [i, target] of targets.entries()) await listen(target, basePort !== undefined ? basePort + i : 0);
  } catch (err) {
    await stop();
    throw err;
  }
  const relay: HostRelay = {
    ports: [...listening.values()],
    setTargets: async (next) => {
      const wanted = new Set(next.map(keyOf));
      for (const key of [...listening.keys()]) {
        if (wanted.has(key)) continue;
        const { child, awaitAck } = started();
        const ack = awaitAck('unlistened', key);
        child.send({ type: 'unlisten', key } satisfies HandoverMessage);
        await ack;
        listening.delete(key);
      }
      for (const target of next) if (!listening.has(keyOf(target))) await listen(target, 0);
      relay.ports = [...listening.values()];
      return relay.ports;
    },
    close: stop,
  };
  return relay;
}

/** The forwarder process and its acknowledgements. */
interface Forwarder {
  child: ChildProcess;
  exited: Promise<void>;
  awaitAck(type: string, key: string): Promise<void>;
}

function startForwarder(lab: string, proc: ProcessSpec, stateDir: string): Forwarder {
  const config = daemonConfigFile(stateDir, { namespace: proc.namespace, role: proc.role });
  const logPath = join(stateDir, 'logs', `${HANDOVER_ROLE}.log`);
  mkdirSync(join(stateDir, 'logs'), { recursive: true });
  const log = openSync(logPath, 'a', 0o644);
  let child: ChildProcess;
  try {
    child = spawn('ip', ['netns', 'exec', namespaceName(lab, proc.namespace), ...proc.argv, config], {
      stdio: ['ignore', log, log, 'ipc'],
      env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', [LAB_ENV]: lab, [ROLE_ENV]: HANDOVER_ROLE, [NAMESPACE_ENV]: proc.namespace },
    });
  } finally {
    closeSync(log);
  }
  child.on('error', () => undefined); // a send after the lab's teardown killed it: the relay is closing anyway
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const acks = new Map<string, () => void>();
  child.on('message', (m: { type: string; key: string }) => acks.get(`${m.type} ${m.key}`)?.());
  const awaitAck = (type: string, key: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the relay forwarder did not take ${key} within ${ACK_TIMEOUT_MS} ms (see ${logPath})`)), ACK_TIMEOUT_MS);
      void exited.then(() => reject(new Error(`the relay forwarder exited (see ${logPath})`)));
      acks.set(`${type} ${key}`, () => {
        clearTimeout(timer);
        acks.delete(`${type} ${key}`);
        resolve();
      });
    });
  return { child, exited, awaitAck };
}
