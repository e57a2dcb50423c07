/**
 * Entry of the detached supervisor of `ecsnet up --detach`: the dataplane's supervisor loop,
 * plus the host relay, which must live in a process of the host's namespace for as long as the
 * lab does. Its ports go to relays.json for `up` and `status` to print.
 *
 * @module
 */
import { runSupervisor } from '../dataplane/supervisor.js';
import { readRelayConfig } from './host-relay.js';
import { startLabRelay } from './relay-handover.js';
import { writeRelayPorts } from './lab-files.js';

runSupervisor({
  afterApply: async (lab) => {
    const config = await readRelayConfig(lab.spec);
    if (!config || config.targets.length === 0) return;
    const relay = await startLabRelay(lab.spec, config.targets.map((t) => ({ ...t, description: `${t.address}:${t.port}` })));
    await writeRelayPorts(lab.lab, relay.ports);
  },
});
