/**
 * `ecsnet up`: the VPCs of the stacks, running for real in network namespaces — routers with
 * their route tables, security groups and NACLs, internet and NAT gateways, endpoints, DNS —
 * plus the internet and the region's AWS endpoints. Foreground until Ctrl-C (then torn down),
 * or `--detach`ed under a supervisor that `ecsnet down` stops.
 */
import { holdLab } from '../../dataplane/hold-lab.js';
import { defaultStateRoot } from '../../dataplane/lab-state.js';
import type { LabProgress } from '../../dataplane/progress.js';
import { requireRoot } from '../../dataplane/require-root.js';
import { spawnSupervisor } from '../../dataplane/supervisor.js';
import { checkLabName, DEFAULT_LAB } from '../../fabric/choose-lab.js';
import { compileFabric } from '../../fabric/compile-lab.js';
import type { HostRelay } from '../../fabric/host-relay.js';
import { startLabRelay } from '../../fabric/relay-handover.js';
import { fabricSupervisorEntry, installedDaemonRuntime } from '../../fabric/installed-runtime.js';
import { readRelayPorts, relaySocketPath, writeManifest, writeRelayPorts, type HostRelayPort } from '../../fabric/lab-files.js';
import type { FabricManifest } from '../../fabric/manifest.js';
import { renderLab } from '../../fabric/render-lab.js';
import { planDeployment } from '../../plan/index.js';
import type { Command, Output } from '../command.js';
import { EXIT } from '../command.js';
import { IMPORT_HELP, importRequest, parseImportArgs, runImport } from '../import-options.js';
import { renderDiagnostics } from '../render-diagnostics.js';

/** `ecsnet up`: builds, applies and holds (or detaches) the lab of the stacks' VPCs. */
export const upCommand: Command = {
  name: 'up',
  summary: 'run the VPCs of the stacks in network namespaces: routing, gateways, security groups, DNS',
  help: `Usage: ecsnet up [FILE | NAME=FILE ...] [--lab NAME] [--detach] [options]

Brings the stacks' VPCs up on this machine (root required): a router namespace per VPC with
its route tables, security groups and network ACLs, an internet gateway (1:1 NAT of public
IPs), NAT gateways, VPC endpoints, the Amazon DNS resolver, EC2 instances as namespaces, an
internet with a test host (203.0.113.10: HTTP 80, TCP and UDP echo 7) and the region's AWS
endpoints. Prints what runs, with addresses and the 127.0.0.1 ports that relay to public
addresses. Stays in the foreground until Ctrl-C, then tears everything down.

Options:
  --lab NAME               lab name (default "${DEFAULT_LAB}"); labs with different names run side by side
  --detach                 leave the lab running under a supervisor; stop it with 'ecsnet down NAME'
  --force                  bring it up even when the templates have errors
  --relay-port N           first 127.0.0.1 port of the relays (default: any free ports)

${IMPORT_HELP}`,
  async run(args, output) {
    const { values, positionals } = parseImportArgs(args, {
      lab: { type: 'string' },
      detach: { type: 'boolean' },
      force: { type: 'boolean' },
      'relay-port': { type: 'string' },
    });
    if (values.help) {
      output.out(this.help);
      return EXIT.ok;
    }
    const lab = checkLabName((values.lab as string | undefined) ?? DEFAULT_LAB);
    const relayBase = values['relay-port'] !== undefined ? Number(values['relay-port']) : undefined;
    if (relayBase !== undefined && (!Number.isInteger(relayBase) || relayBase < 1 || relayBase > 65535)) {
      output.err(`ecsnet up: --relay-port must be a port number, got "${String(values['relay-port'])}"`);
      return EXIT.usage;
    }
    requireRoot('ecsnet up');

    const imported = runImport(importRequest(values, positionals), !values['no-spec']);
    const errors = imported.diagnostics.filter((d) => d.severity === 'error');
    for (const line of renderDiagnostics(errors)) output.err(line);
    if (errors.length > 0 && !values.force) {
      output.err(`ecsnet up: the templates have ${errors.length} error(s) that would fail a deployment; fix them or pass --force`);
      return EXIT.findings;
    }
    const plan = planDeployment(imported.model, {});
    const stateRoot = defaultStateRoot();
    const { spec, manifest } = compileFabric(imported.model, plan, {
      lab,
      runtime: installedDaemonRuntime(),
      relaySocket: relaySocketPath(lab, stateRoot),
    });
    const onProgress = progressPrinter(output);

    if (values.detach) {
      const supervisor = await spawnSupervisor(spec, { onProgress, stateRoot, entry: fabricSupervisorEntry() });
      await writeManifest(manifest, stateRoot);
      const relays = describe(await readRelayPorts(lab, stateRoot), manifest);
      output.out(summary(manifest, relays, spec.namespaces.length));
      output.out(`Lab "${lab}" runs under supervisor pid ${supervisor.pid}; stop it with: ecsnet down ${lab}`);
      return EXIT.ok;
    }

    let relay: HostRelay | undefined;
    try {
      await holdLab(spec, {
        onProgress,
        stateRoot,
        onTeardownProgress: onProgress,
        onReady: async () => {
          await writeManifest(manifest, stateRoot);
          relay = await startLabRelay(spec, manifest.relays, relayBase, stateRoot);
          await writeRelayPorts(lab, relay.ports, stateRoot);
          output.out(summary(manifest, relay.ports, spec.namespaces.length));
          output.out(`Lab "${lab}" is up; Ctrl-C tears it down (or run: ecsnet down ${lab}).`);
        },
      });
    } finally {
      await relay?.close();
    }
    output.out(`Lab "${lab}" was torn down.`);
    return EXIT.ok;
  },
};

function summary(manifest: FabricManifest, relays: readonly HostRelayPort[], namespaces: number): string {
  return `lab "${manifest.lab}": ${namespaces} namespaces\n${renderLab(manifest, relays)}`;
}

/** Relay ports with the manifest's descriptions (the supervisor only knows addresses). */
function describe(ports: readonly HostRelayPort[], manifest: FabricManifest): HostRelayPort[] {
  return ports.map((p) => ({ ...p, description: manifest.relays.find((r) => r.address === p.address && r.port === p.port)?.description ?? p.description }));
}

/** One line per finished phase on stderr, so stdout keeps the summary. */
function progressPrinter(output: Output): (event: LabProgress) => void {
  return (event) => {
    const milestone = event.phase === 'ready' || event.phase === 'rollback' || event.phase === 'done';
    if (!milestone && (event.done !== event.total || event.total === 0)) return;
    output.err(`[${(event.elapsedMs / 1000).toFixed(2).padStart(6)}s] ${event.phase}: ${event.message}`);
  };
}
