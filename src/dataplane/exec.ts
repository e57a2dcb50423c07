/**
 * Running a short command inside a lab namespace and capturing its output: what probes,
 * `ecsnet exec` and integration tests use to look at the lab from the inside.
 *
 * @module
 */
import { SpawnCommandRunner, type CommandResult, type CommandRunner, type RunOptions } from './command-runner.js';
import { namespaceName } from './names.js';

/** Options of {@link execInLab}. */
export interface ExecOptions extends RunOptions {
  runner?: CommandRunner;
}

const defaultRunner = new SpawnCommandRunner();

/**
 * Runs `argv` inside namespace `namespace` (logical name) of `lab` through `ip netns exec`.
 * Unlike the applier's commands, a non-zero exit is returned, not thrown, unless
 * `check: true`: callers usually want to look at a failing command's output.
 *
 * @example const { stdout } = await execInLab('demo', 'router', ['ip', 'route', 'show', 'table', 'all'])
 */
export function execInLab(lab: string, namespace: string, argv: readonly string[], options: ExecOptions = {}): Promise<CommandResult> {
  const { runner = defaultRunner, check = false, ...rest } = options;
  return runner.run(['ip', 'netns', 'exec', namespaceName(lab, namespace), ...argv], { ...rest, check });
}
