/**
 * The one owner of a running lab, in the foreground (`ecsnet up`) and detached (`--detach`)
 * alike: it holds the model, the plan and the runtime state (the applied spec, the processes,
 * the host relays), writes them to the lab's state directory so that a controller started again
 * after a crash resumes where this one stopped, and takes every change through the reconcile
 * loop — desired spec compiled from (model, plan), diffed against what is applied, only the
 * difference applied. Changes are taken one at a time, in order of arrival.
 *
 * State files it owns, next to the dataplane's spec.json and state.json: `controller.json`
 * (inputs, generation, warnings), `model.json`, `plan.json`, and the fabric's `fabric.json`
 * (manifest) and `relays.json` (host relay ports).
 *
 * @module
 */
import { adoptLab } from '../dataplane/adopt-lab.js';
import { LabError } from '../dataplane/lab-error.js';
import { applyLab, type LabHandle } from '../dataplane/apply-lab.js';
import type { DestroyReport } from '../dataplane/destroy-lab.js';
import { defaultStateRoot, labStateDir, readStateFile, writeStateFile } from '../dataplane/lab-state.js';
import type { LabOwner } from '../dataplane/lab-state.js';
import type { ProgressListener } from '../dataplane/progress.js';
import { compileFabric, type CompiledFabric } from '../fabric/compile-lab.js';
import type { HostRelay } from '../fabric/host-relay.js';
import { startLabRelay } from '../fabric/relay-handover.js';
import { installedDaemonRuntime } from '../fabric/installed-runtime.js';
import { manifestStateFiles, relaySocketPath, writeManifest, writeRelayPorts } from '../fabric/lab-files.js';
import type { FabricManifest } from '../fabric/manifest.js';
import { diffModels } from '../model/model-diff.js';
import type { NetworkModel } from '../model/types.js';
import type { Plan } from '../plan/types.js';
import type { ApplyResult, ControllerStatus, DesiredLab, LabInputs } from './control-api.js';
import { daemonLiveUpdates } from './daemon-updates.js';
import { CONTROL_API_VERSION } from './control-api.js';

/** controller.json. */
interface ControllerFile {
  version: 1;
  lab: string;
  inputs: LabInputs;
  generation: number;
  appliedAt: string;
  warnings: string[];
}

/** Options shared by creating and resuming a controller. */
export interface ControllerOptions {
  stateRoot?: string;
  kind: 'foreground' | 'supervisor';
  onProgress?: ProgressListener;
  /** Aborts a bring-up in progress (Ctrl-C, `ecsnet down`). */
  signal?: AbortSignal;
}

/** The controller of one lab; see the module documentation. */
export class LabController {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly startedAt = new Date().toISOString();

  private constructor(
    private readonly handle: LabHandle,
    private file: ControllerFile,
    private model: NetworkModel,
    private plan: Plan,
    private manifest: FabricManifest,
    private relay: HostRelay | undefined,
    private readonly stateRoot: string,
    private readonly kind: ControllerOptions['kind'],
    readonly resumed: boolean,
  ) {}

  /** Brings a new lab up from `desired` and starts its host relays. */
  static async create(lab: string, desired: DesiredLab, options: ControllerOptions): Promise<LabController> {
    const stateRoot = options.stateRoot ?? defaultStateRoot();
    const compiled = compileDesired(lab, desired, stateRoot);
    const file: ControllerFile = { version: 1, lab, inputs: desired.inputs, generation: 1, appliedAt: new Date().toISOString(), warnings: desired.warnings };
    const handle = await applyLab(compiled.spec, {
      ownerKind: ownerKind(options.kind),
      stateRoot,
      stateFiles: { ...manifestStateFiles(compiled.manifest), ...controllerFiles(file, desired.model, desired.plan) },
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    try {
      const relay = await startRelay(handle, compiled.manifest, desired.inputs.relayBase, stateRoot);
      return new LabController(handle, file, desired.model, desired.plan, compiled.manifest, relay, stateRoot, options.kind, false);
    } catch (err) {
      await handle.destroy();
      throw err;
    }
  }

  /** Takes over a running lab whose controller is gone, from its state directory. */
  static async resume(lab: string, options: ControllerOptions): Promise<LabController> {
    const stateRoot = options.stateRoot ?? defaultStateRoot();
    const [file, model, plan, manifest] = await Promise.all([
      readStateFile<ControllerFile>(lab, 'controller.json', stateRoot),
      readStateFile<NetworkModel>(lab, 'model.json', stateRoot),
      readStateFile<Plan>(lab, 'plan.json', stateRoot),
      readStateFile<FabricManifest>(lab, 'fabric.json', stateRoot),
    ]);
    // Checked before adopting: a lab this controller cannot run must not become ours.
    if (!file || !model || !plan || !manifest) {
      throw new LabError(
        'ECSNET_E_NO_SUCH_LAB',
        `lab "${lab}" was not started by a controller of this version (controller.json, model.json, plan.json or fabric.json missing); remove it with \`ecsnet down ${lab}\``,
      );
    }
    const { handle } = await adoptLab(lab, { stateRoot, ownerKind: ownerKind(options.kind) });
    const relay = await startRelay(handle, manifest, file.inputs.relayBase, stateRoot);
    return new LabController(handle, file, model, plan, manifest, relay, stateRoot, options.kind, true);
  }

  /** The lab name. */
  get lab(): string {
    return this.handle.lab;
  }

  /** The running lab (for probes and tests). */
  get running(): LabHandle {
    return this.handle;
  }

  /** What is running, for `status` and the dashboard. */
  status(): ControllerStatus {
    return {
      apiVersion: CONTROL_API_VERSION,
      lab: this.lab,
      controller: { pid: process.pid, kind: this.kind, startedAt: this.startedAt, resumed: this.resumed },
      generation: this.file.generation,
      appliedAt: this.file.appliedAt,
      inputs: this.file.inputs,
      relays: this.relay?.ports ?? [],
      warnings: this.file.warnings,
      namespaces: this.handle.spec.namespaces.length,
      processes: this.handle.state.processes.map((p) => ({ pid: p.pid, role: p.role, namespace: p.namespace })),
    };
  }

  /** The manifest of the running lab. */
  currentManifest(): FabricManifest {
    return this.manifest;
  }

  /**
   * Takes the lab to `desired`: only the difference is applied (nothing when nothing differs).
   * With `dryRun`, says what would change and changes nothing.
   */
  apply(desired: DesiredLab, dryRun = false): Promise<ApplyResult> {
    const run = this.queue.then(() => this.applyNow(desired, dryRun));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async applyNow(desired: DesiredLab, dryRun: boolean): Promise<ApplyResult> {
    const compiled = compileDesired(this.lab, desired, this.stateRoot);
    const changes = diffModels(this.model, desired.model);
    const kernel = await this.handle.reconcile(compiled.spec, { dryRun, liveUpdate: daemonLiveUpdates(labStateDir(this.lab, this.stateRoot)) });
    if (!dryRun) {
      const relayChanged = JSON.stringify(compiled.manifest.relays) !== JSON.stringify(this.manifest.relays) || desired.inputs.relayBase !== this.file.inputs.relayBase;
      if (kernel.objects > 0 || changes.length > 0 || relayChanged) {
        this.file = { ...this.file, inputs: desired.inputs, generation: this.file.generation + 1, appliedAt: new Date().toISOString(), warnings: desired.warnings };
        this.model = desired.model;
        this.plan = desired.plan;
        this.manifest = compiled.manifest;
        await writeManifest(compiled.manifest, this.stateRoot);
        for (const [name, text] of Object.entries(controllerFiles(this.file, this.model, this.plan))) await writeStateFile(this.lab, name, text, this.stateRoot);
      }
      if (relayChanged) {
        const old = this.relay;
        this.relay = undefined;
        await old?.close();
        try {
          this.relay = await startRelay(this.handle, compiled.manifest, desired.inputs.relayBase, this.stateRoot);
        } catch (err) {
          // The lab changed; only its host relays are missing: say so instead of failing the change.
          await writeRelayPorts(this.lab, [], this.stateRoot);
          return { changes, kernel, relays: [], warnings: [...desired.warnings, `the host relays could not be restarted: ${err instanceof Error ? err.message : String(err)}`] };
        }
      }
    }
    return { changes, kernel, relays: this.relay?.ports ?? [], warnings: desired.warnings };
  }

  /** Tears the lab down: relays first, then everything the lab holds. */
  async stop(onProgress?: ProgressListener): Promise<DestroyReport> {
    await this.queue;
    await this.relay?.close();
    this.relay = undefined;
    return this.handle.destroy(onProgress ? { onProgress } : {});
  }
}

/** The lab spec and manifest of `desired`, as this controller builds them (also what `up --dry-run` compares with when no controller runs). */
export function compileDesired(lab: string, desired: DesiredLab, stateRoot: string): CompiledFabric {
  return compileFabric(desired.model, desired.plan, { lab, runtime: installedDaemonRuntime(), relaySocket: relaySocketPath(lab, stateRoot) });
}

function ownerKind(kind: ControllerOptions['kind']): LabOwner['kind'] {
  return kind === 'foreground' ? 'foreground' : 'supervisor';
}

function controllerFiles(file: ControllerFile, model: NetworkModel, plan: Plan): Record<string, string> {
  return { 'controller.json': `${JSON.stringify(file, null, 2)}\n`, 'model.json': JSON.stringify(model), 'plan.json': JSON.stringify(plan) };
}

/**
 * The host side of the relays: 127.0.0.1 listeners opened here (the controller lives in the
 * host's namespace) and handed to a forwarder in the lab's internet namespace, which exits with
 * the controller's IPC channel — a resumed controller starts its own.
 */
async function startRelay(handle: LabHandle, manifest: FabricManifest, base: number | undefined, stateRoot: string): Promise<HostRelay | undefined> {
  if (manifest.relays.length === 0) {
    await writeRelayPorts(handle.lab, [], stateRoot);
    return undefined;
  }
  const relay = await startLabRelay(handle.spec, manifest.relays, base, stateRoot);
  await writeRelayPorts(handle.lab, relay.ports, stateRoot);
  return relay;
}
