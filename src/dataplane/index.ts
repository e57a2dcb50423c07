/**
 * The kernel data plane: a model-agnostic lab spec (namespaces, veths, bridges, routes, rules,
 * nftables, processes) made real and removed again without leaking anything. Nothing here
 * knows about AWS; the VPC compiler produces the spec.
 *
 * Pure parts (safe for the dashboard and the compiler): `lab-spec`, `names`, `validate-spec`,
 * `render-ip`, `nft/` (all but its kernel backend), `sysctls`, `ip-address`. The rest touches the system.
 *
 * @module
 */
export type * from './lab-spec.js';
export * from './names.js';
export { validateLabSpec, assertValidLabSpec } from './validate-spec.js';
export { renderNamespaceCreation, renderVethCreation, renderNamespaceConfig, renderNamespaceConfigs, renderNamespaceDeletion } from './render-ip.js';
export * as nft from './nft/index.js';
export { CommandError, SpawnCommandRunner, type CommandResult, type CommandRunner, type RunOptions } from './command-runner.js';
export { RecordingCommandRunner, type RecordedCommand, type CommandScript } from './recording-command-runner.js';
export { LabError, type LabErrorCode } from './lab-error.js';
export type { LabProgress, ApplyPhase, DestroyPhase, ProgressListener } from './progress.js';
export { applyLab, LabHandle, type ApplyOptions } from './apply-lab.js';
export { destroyLab, type DestroyOptions, type DestroyReport } from './destroy-lab.js';
export { listLabs, type LabSummary, type LabStatus, type ListOptions } from './list-labs.js';
export { readLabState, readLabSpec, labStateDir, defaultStateRoot, type LabState, type LabProcessRecord, type LabOwner } from './lab-state.js';
export { execInLab, type ExecOptions } from './exec.js';
export { probe, probeMany, type ProbeTarget, type ProbeOutcome, type ProbeResult } from './probe.js';
export { echoServerArgv, type EchoPorts } from './echo-server.js';
export { holdLab, type HoldOptions } from './hold-lab.js';
export { spawnSupervisor, runSupervisor, supervisorEntryPath, type SpawnSupervisorOptions, type SupervisorInfo, type SupervisorHooks } from './supervisor.js';
export { requireRoot, isRoot } from './require-root.js';
export { stopLabProcess, type StopOutcome } from './processes.js';
