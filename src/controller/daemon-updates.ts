/**
 * Changes the lab's daemons take while running, instead of a restart: a DNS server gets its new
 * zone (Route 53 records, Cloud Map instances, endpoint names) and the relay forwarder its new
 * targets over their control sockets (services/daemon-channel.ts), so queries keep being
 * answered and connections stay open while the lab changes. Anything else about a daemon that
 * changes (its listen addresses, its upstream) still restarts it.
 *
 * @module
 */
import type { ProcessSpec } from '../dataplane/lab-spec.js';
import type { LiveProcessUpdate } from '../dataplane/reconcile-lab.js';
import { daemonControlSocket } from '../fabric/daemon-config.js';
import { sendDaemonUpdate } from '../services/daemon-channel.js';
import type { DaemonUpdate } from '../services/daemon-protocol.js';

/** The live-update hook of a lab whose state directory is `stateDir`. */
export function daemonLiveUpdates(stateDir: string): LiveProcessUpdate {
  return async (before, after) => {
    const update = liveUpdateOf(before, after);
    if (!update) return false;
    try {
      await sendDaemonUpdate(daemonControlSocket(stateDir, { namespace: after.namespace, role: after.role }), update, { timeoutMs: 5000 });
      return true;
    } catch {
      // An unreachable or refusing daemon is restarted with its new file instead.
      return false;
    }
  };
}

/** The update that takes `before`'s configuration to `after`'s, when only live-changeable parts differ. */
export function liveUpdateOf(before: ProcessSpec, after: ProcessSpec): DaemonUpdate | undefined {
  const old = configOf(before);
  const now = configOf(after);
  if (!old || !now) return undefined;
  if ('zone' in now && sameExcept(old, now, 'zone')) return { op: 'replace-zone', zone: now.zone as Extract<DaemonUpdate, { op: 'replace-zone' }>['zone'] };
  if ('targets' in now && sameExcept(old, now, 'targets')) return { op: 'set-targets', targets: now.targets as Extract<DaemonUpdate, { op: 'set-targets' }>['targets'] };
  return undefined;
}

function configOf(proc: ProcessSpec): Record<string, unknown> | undefined {
  if (!proc.configFile) return undefined;
  try {
    const parsed = JSON.parse(proc.configFile.content) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function sameExcept(a: Record<string, unknown>, b: Record<string, unknown>, key: string): boolean {
  const strip = (o: Record<string, unknown>): string => JSON.stringify({ ...o, [key]: undefined });
  return strip(a) === strip(b);
}
