/**
 * `ecsnet up`: the VPCs of the stacks, running for real in network namespaces — routers with
 * their route tables, security groups and NACLs, internet and NAT gateways, endpoints, DNS —
 * plus the internet and the region's AWS endpoints, held by the lab's controller (in the
 * foreground until Ctrl-C, or `--detach`ed). Run again on a running lab, it applies only what
 * changed in the templates; `--dry-run` says what that would be. A lab whose controller died is
 * resumed.
 */
import { EcsnetError } from '../../diagnostics.js';
import { callController, ControlApiError } from '../../controller/control-client.js';
import type { ApplyResult, DesiredLab } from '../../controller/control-api.js';
import { runController } from '../../controller/run-controller.js';
import { spawnController } from '../../controller/spawn-controller.js';
import { compileDesired } from '../../controller/lab-controller.js';
import { liveLockHolder } from '../../dataplane/lab-lock.js';
import { defaultStateRoot, readLabSpec, readLabState, readStateFile } from '../../dataplane/lab-state.js';
import type { LabProgress } from '../../dataplane/progress.js';
import { describeDiff, diffSize, diffSpecs } from '../../dataplane/spec-diff.js';
import { requireRoot } from '../../dataplane/require-root.js';
import { checkLabName, DEFAULT_LAB } from '../../fabric/choose-lab.js';
import { readManifest, type HostRelayPort } from '../../fabric/lab-files.js';
import type { FabricManifest } from '../../fabric/manifest.js';
import { renderLab } from '../../fabric/render-lab.js';
import { emptyModel } from '../../model/build-model.js';
import { diffModels, type ModelChange } from '../../model/model-diff.js';
import type { NetworkModel } from '../../model/types.js';
import { planDeployment } from '../../plan/index.js';
import type { Command, Output } from '../command.js';
import { EXIT } from '../command.js';
import { IMPORT_HELP, importRequest, parseImportArgs, runImport } from '../import-options.js';
import { renderDiagnostics } from '../render-diagnostics.js';
import { refusePlanning } from '../refuse-planning.js';

/** `ecsnet up`: builds, applies and holds (or detaches) the lab of the stacks' VPCs; applies changes to a running one. */
export const upCommand: Command = {
  name: 'up',
  summary: 'run the VPCs of the stacks in network namespaces; run again to apply template changes',
  help: `Usage: ecsnet up [FILE | NAME=FILE ...] [--lab NAME] [--detach] [--dry-run] [options]

Brings the stacks' VPCs up on this machine (root required): a router namespace per VPC with
its route tables, security groups and network ACLs, an internet gateway (1:1 NAT of public
IPs), NAT gateways, VPC endpoints, the Amazon DNS resolver, EC2 instances as namespaces, an
internet with a test host (203.0.113.10: HTTP 80, TCP and UDP echo 7) and the region's AWS
endpoints. Prints what runs, with addresses and the 127.0.0.1 ports that relay to public
addresses. Stays in the foreground until Ctrl-C, then tears everything down.

On a lab that runs already, applies what changed in the templates — a subnet, a route, a
security-group rule, a NACL entry, an endpoint — touching nothing else, and prints the
changes by logical id. A lab whose controller was killed is resumed first.

Options:
  --lab NAME               lab name (default "${DEFAULT_LAB}"); labs with different names run side by side
  --detach                 leave the lab running under its controller; stop it with 'ecsnet down NAME'
  --dry-run                print what would be added, changed and removed; change nothing
  --force                  bring it up even when the templates have errors (what cannot be built is listed)
  --relay-port N           first 127.0.0.1 port of the relays (default: any free ports)

${IMPORT_HELP}`,
  async run(args, output) {
    const { values, positionals } = parseImportArgs(args, {
      lab: { type: 'string' },
      detach: { type: 'boolean' },
      'dry-run': { type: 'boolean' },
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
    const json = values.json === true;
    const dryRun = values['dry-run'] === true;
    requireRoot('ecsnet up');

    const request = importRequest(values, positionals);
    const imported = runImport(request, !values['no-spec']);
    const errors = imported.diagnostics.filter((d) => d.severity === 'error');
    const errorLines = renderDiagnostics(errors);
    if (errors.length > 0 && !values.force) {
      for (const line of errorLines) output.err(line);
      output.err(`ecsnet up: the templates have ${errors.length} error(s) that would fail a deployment; fix them or pass --force`);
      return EXIT.findings;
    }
    if (refusePlanning('up', errors, output, 'text')) return EXIT.findings; // even with --force: the plan would not finish
    const desired: DesiredLab = {
      inputs: { stacks: request.stacks, parameters: request.parameters, region: request.region, accountId: request.accountId, ...(relayBase !== undefined ? { relayBase } : {}) },
      model: imported.model,
      plan: planDeployment(imported.model, {}),
      warnings: values.force ? errorLines : [],
    };
    const stateRoot = defaultStateRoot();
    const onProgress = progressPrinter(output, json);
    const state = await readLabState(lab, stateRoot);

    if (dryRun) return dryRunReport(lab, desired, output, json, stateRoot);

    if (state) {
      const applied = await callController<ApplyResult>(lab, 'POST', '/apply', { desired }, { stateRoot, timeoutMs: APPLY_TIMEOUT_MS }).catch(controllerFailure(lab));
      if (applied) {
        printApplied(lab, applied, output, json);
        return EXIT.ok;
      }
      const holder = await liveLockHolder(lab, stateRoot);
      if (state.status === 'applying' && holder) {
        throw new EcsnetError(
          `ecsnet up: lab "${lab}" is being brought up by pid ${holder.pid}; run this again when it is up, or stop it with: ecsnet down ${lab}`,
          [],
          EXIT.findings,
        );
      }
      // No controller answers: it died. Resume the lab (the dataplane refuses while a live holder has it).
      output.err(`ecsnet up: lab "${lab}" has no running controller (killed?); resuming it`);
      if (values.detach || json) {
        const ready = await spawnController(lab, { kind: 'resume', desired }, { stateRoot, onProgress });
        if (ready.applyError) output.err(`ecsnet up: the lab was resumed as it was; the changes could not be applied: ${ready.applyError}`);
        if (ready.applied) printApplied(lab, ready.applied, output, json);
        if (!json) output.out(`Lab "${lab}" resumed under controller pid ${ready.status.controller.pid}; stop it with: ecsnet down ${lab}`);
        return ready.applyError ? EXIT.findings : EXIT.ok;
      }
      await holdInForeground(lab, { kind: 'resume', desired }, output, onProgress, stateRoot, false);
      return EXIT.ok;
    }

    if (values.detach) {
      const ready = await spawnController(lab, { kind: 'create', desired }, { stateRoot, onProgress });
      const manifest = await readManifest(lab, stateRoot);
      if (json) output.out(JSON.stringify({ status: ready.status, manifest }, null, 2));
      else {
        if (manifest) output.out(summary(manifest, ready.status.relays, ready.status.namespaces));
        printWarnings(desired.warnings, output);
        output.out(`Lab "${lab}" runs under controller pid ${ready.status.controller.pid}; stop it with: ecsnet down ${lab}`);
      }
      return EXIT.ok;
    }
    await holdInForeground(lab, { kind: 'create', desired }, output, onProgress, stateRoot, json);
    return EXIT.ok;
  },
};

async function holdInForeground(
  lab: string,
  start: Parameters<typeof runController>[0]['start'],
  output: Output,
  onProgress: (e: LabProgress) => void,
  stateRoot: string,
  json: boolean,
): Promise<void> {
  const desired = start.desired;
  await runController({
    lab,
    start,
    kind: 'foreground',
    stateRoot,
    onProgress,
    onTeardownProgress: onProgress,
    onReady: async ({ controller, applied, applyError }) => {
      const manifest = controller.currentManifest();
      if (json) {
        // One JSON document once the lab is up, for a script holding the lab in the foreground.
        output.out(JSON.stringify({ status: controller.status(), manifest }, null, 2));
        return;
      }
      if (applyError) output.err(`ecsnet up: the lab was resumed as it was; the changes could not be applied: ${applyError}`);
      if (applied) printApplied(lab, applied, output, false);
      output.out(summary(manifest, controller.status().relays, controller.running.spec.namespaces.length));
      printWarnings(desired?.warnings ?? controller.status().warnings, output);
      output.out(`Lab "${lab}" is up; Ctrl-C tears it down (or run: ecsnet down ${lab}).`);
      await Promise.resolve();
    },
  });
  if (!json) output.out(`Lab "${lab}" was torn down.`);
}

/** A large lab's change may take minutes; the controller carries on with it even if we stop waiting. */
const APPLY_TIMEOUT_MS = 30 * 60_000;

/** Any failure talking to the controller, as a clear error (exit 1): a refused change was put back by the controller. */
function controllerFailure(lab: string): (err: unknown) => never {
  return (err) => {
    if (err instanceof ControlApiError) throw new EcsnetError(`ecsnet up: ${err.message}`, [], EXIT.findings);
    throw new EcsnetError(
      `ecsnet up: the controller of lab "${lab}" did not answer: ${err instanceof Error ? err.message : String(err)} (see ecsnet status ${lab})`,
      [],
      EXIT.findings,
    );
  };
}

/** `--dry-run`: the difference against the running lab (or against nothing), changing nothing. */
async function dryRunReport(lab: string, desired: DesiredLab, output: Output, json: boolean, stateRoot: string): Promise<number> {
  const live = await callController<ApplyResult>(lab, 'POST', '/apply', { desired, dryRun: true }, { stateRoot, timeoutMs: APPLY_TIMEOUT_MS }).catch(controllerFailure(lab));
  if (live) {
    printApplied(lab, live, output, json, true);
    return EXIT.ok;
  }
  // No controller: compare with what the state directory says is applied (or with an empty lab).
  const compiled = compileDesired(lab, desired, stateRoot);
  const appliedSpec = (await readLabSpec(lab, stateRoot)) ?? { lab, namespaces: [] };
  const appliedModel = (await readStateFile<NetworkModel>(lab, 'model.json', stateRoot)) ?? emptyModel(desired.model.region, desired.model.accountId);
  const kernelDiff = diffSpecs(appliedSpec, compiled.spec);
  const result: ApplyResult = {
    changes: diffModels(appliedModel, desired.model),
    kernel: { lab, changes: describeDiff(kernelDiff), objects: diffSize(kernelDiff), kernelWrites: 0, dryRun: true, durationMs: 0 },
    relays: [],
    warnings: desired.warnings,
  };
  printApplied(lab, result, output, json, true);
  return EXIT.ok;
}

function printApplied(lab: string, result: ApplyResult, output: Output, json: boolean, dryRun = false): void {
  if (json) {
    output.out(JSON.stringify(result, null, 2));
    return;
  }
  const verb = (c: ModelChange['change']): string => (dryRun ? { added: 'would add', changed: 'would change', removed: 'would remove' }[c] : c);
  const sign = { added: '+', changed: '~', removed: '-' } as const;
  if (result.changes.length === 0 && result.kernel.objects === 0) {
    output.out(`Lab "${lab}": nothing to change (${result.kernel.durationMs} ms, no kernel write).`);
    return;
  }
  for (const c of result.changes) output.out(`  ${sign[c.change]} ${c.id} (${c.kind}) ${verb(c.change)}`);
  const counts = (['added', 'changed', 'removed'] as const)
    .map((k) => `${result.changes.filter((c) => c.change === k).length} ${dryRun ? verb(k).replace('would ', 'to ') : k}`)
    .join(', ');
  output.out(
    `Lab "${lab}": ${counts}; kernel: ${result.kernel.changes.join('; ') || 'no change'}${dryRun ? '' : ` (${result.kernel.kernelWrites} write(s), ${result.kernel.durationMs} ms)`}.`,
  );
  printWarnings(result.warnings, output);
}

function printWarnings(warnings: readonly string[], output: Output): void {
  if (warnings.length === 0) return;
  output.out(`\nWARNING: started with --force; the templates have errors, and these parts are not built as written:`);
  for (const w of warnings) output.out(`  ${w}`);
}

function summary(manifest: FabricManifest, relays: readonly HostRelayPort[], namespaces: number): string {
  return `lab "${manifest.lab}": ${namespaces} namespaces\n${renderLab(manifest, relays)}`;
}

/** One line per finished phase on stderr, so stdout keeps the summary. */
function progressPrinter(output: Output, quiet: boolean): (event: LabProgress) => void {
  return (event) => {
    if (quiet) return;
    const milestone = event.phase === 'ready' || event.phase === 'rollback' || event.phase === 'done';
    if (!milestone && (event.done !== event.total || event.total === 0)) return;
    output.err(`[${(event.elapsedMs / 1000).toFixed(2).padStart(6)}s] ${event.phase}: ${event.message}`);
  };
}
