/**
 * The commands of the CLI by name, each loaded only when it runs: `ecsnet status` need not load
 * the importer, and `ecsnet up` need not load the analyzers (Node's start-up is most of a quick
 * command's time). The summary lives here, next to the name, for the help that lists them all;
 * a test checks it matches each command's own.
 *
 * @module
 */
import type { Command } from './command.js';

/** A command as the help and the dispatcher see it before it is loaded. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/** Every command, in the order help lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'validate',
    summary: 'check templates the way CloudFormation, EC2, ECS and ELB would at deploy time',
    load: async () => (await import('./commands/validate.js')).validateCommand,
  },
  { name: 'show', summary: 'print the network model of the stacks: VPCs, subnets, services and their wiring', load: async () => (await import('./commands/show.js')).showCommand },
  {
    name: 'plan',
    summary: 'place tasks like ECS: IPs per subnet, ENIs and ports per instance, placed/desired per service',
    load: async () => (await import('./commands/plan.js')).planCommand,
  },
  {
    name: 'check',
    summary: 'what breaks before deploy: image pulls, public IPs, open ports, IP exhaustion, placement, AZs',
    load: async () => (await import('./commands/check.js')).checkCommand,
  },
  { name: 'up', summary: 'run the VPCs of the stacks in network namespaces; run again to apply template changes', load: async () => (await import('./commands/up.js')).upCommand },
  { name: 'down', summary: 'tear a lab down completely (also after a crash); nothing left on the host', load: async () => (await import('./commands/down.js')).downCommand },
  { name: 'status', summary: 'show what runs in a lab, with addresses, namespaces, relays and processes', load: async () => (await import('./commands/status.js')).statusCommand },
  { name: 'ls', summary: 'list the labs on this machine: status, holder, namespaces, processes, VPCs', load: async () => (await import('./commands/ls.js')).lsCommand },
  { name: 'probe', summary: 'send real packets between two endpoints of a lab; say where they were dropped', load: async () => (await import('./commands/probe.js')).probeCommand },
];
