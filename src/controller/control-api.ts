/**
 * The lab controller's control API: versioned JSON over HTTP on a unix socket in the lab's
 * state directory (`control.sock`, mode 0600, so only root can open it). The CLI's `up` (again),
 * `status` and `down` talk to it, and so will a dashboard; the messages are plain data, shared
 * by the server and the client so they cannot drift apart. Pure types.
 *
 * Routes (version 1): `GET /v1/status` → {@link ControllerStatus}; `POST /v1/apply` with an
 * {@link ApplyRequest} → {@link ApplyResult}; `POST /v1/stop` → `{ stopping: true }`, after which
 * the controller tears the lab down and exits. Errors answer with a status ≥ 400 and
 * `{ error: { code, message } }`.
 *
 * @module
 */
import type { ReconcileReport } from '../dataplane/reconcile-lab.js';
import type { HostRelayPort } from '../fabric/lab-files.js';
import type { ModelChange } from '../model/model-diff.js';
import type { NetworkModel } from '../model/types.js';
import type { Plan } from '../plan/types.js';

/** The API version this build speaks; the path prefix is `/v<version>`. */
export const CONTROL_API_VERSION = 1;

/** Where the lab came from, kept so a resumed controller and `status` can say it. */
export interface LabInputs {
  stacks: { name: string; path: string }[];
  parameters: Record<string, string>;
  region: string;
  accountId: string;
  /** First 127.0.0.1 port of the host relays, when the user chose one. */
  relayBase?: number;
}

/** What the lab should be: the controller compiles it into a lab spec itself. */
export interface DesiredLab {
  inputs: LabInputs;
  model: NetworkModel;
  plan: Plan;
  /**
   * With `--force`, what the templates say that the lab cannot build (their errors), shown at
   * the end of `up` and by `status`.
   */
  warnings: string[];
}

/** Body of `POST /v1/apply`. */
export interface ApplyRequest {
  desired: DesiredLab;
  /** Say what would change, change nothing. */
  dryRun?: boolean;
}

/** Answer of `POST /v1/apply`. */
export interface ApplyResult {
  /** Resources added, changed and removed, by logical id. */
  changes: ModelChange[];
  /** What the kernel side did (or would do). */
  kernel: ReconcileReport;
  relays: HostRelayPort[];
  warnings: string[];
}

/** Answer of `GET /v1/status`. */
export interface ControllerStatus {
  apiVersion: number;
  lab: string;
  controller: { pid: number; kind: 'foreground' | 'supervisor'; startedAt: string; resumed: boolean };
  /** Incremented by every apply that changed something. */
  generation: number;
  appliedAt: string;
  inputs: LabInputs;
  relays: HostRelayPort[];
  warnings: string[];
  namespaces: number;
  processes: { pid: number; role: string; namespace: string }[];
}

/** An error answer. */
export interface ControlError {
  error: { code: string; message: string };
}
