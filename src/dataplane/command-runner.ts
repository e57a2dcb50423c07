/**
 * The one door through which the data plane runs programs (`ip`, `nft`, `sysctl`). Keeping it
 * behind an interface lets unit tests record and script commands, and lets the real runner
 * tag every command with the lab's marker so a crashed `up` leaves no unidentifiable
 * `ip -batch` behind.
 *
 * @module
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { EcsnetError } from '../diagnostics.js';

/** How to run one command. */
export interface RunOptions {
  /** Written to the command's stdin, which is then closed. */
  stdin?: string;
  /** Extra environment on top of the runner's. */
  env?: Record<string, string>;
  /** Kill the command (SIGKILL) after this long. @default 60000 */
  timeoutMs?: number;
  /** Throw a {@link CommandError} when the exit code is not 0. @default true */
  check?: boolean;
}

/** What a finished command left behind. */
export interface CommandResult {
  argv: string[];
  /** Exit code; 128 + signal number when killed by a signal, as shells report it. */
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

/** Runs a program without a shell. */
export interface CommandRunner {
  run(argv: readonly string[], options?: RunOptions): Promise<CommandResult>;
}

/**
 * A command that failed. The message names the command, its exit code and stderr, and for an
 * `ip -batch` or `nft -f` failure the offending input line, because "Command failed -:312" is
 * useless without line 312.
 */
export class CommandError extends EcsnetError {
  /** Stable code for scripts and tests. */
  readonly code = 'ECSNET_E_COMMAND';

  constructor(
    readonly result: CommandResult,
    readonly stdin?: string,
    note?: string,
  ) {
    super(`${describeFailure(result, stdin)}${note ? `\n  (${note})` : ''}`, [], 2);
    this.name = 'CommandError';
  }
}

/** The message of a {@link CommandError}. Exported for tests. */
export function describeFailure(result: CommandResult, stdin?: string): string {
  const command = result.argv.map(shellQuote).join(' ');
  const stderr = result.stderr.trim() || result.stdout.trim() || '(no output)';
  let message = `\`${command}\` failed (exit ${result.exitCode}): ${stderr}`;
  const lineNo = /Command failed -:(\d+)/.exec(result.stderr)?.[1];
  if (stdin !== undefined && lineNo !== undefined) {
    const line = stdin.split('\n')[Number(lineNo) - 1];
    if (line !== undefined) message += `\n  input line ${lineNo}: ${line}`;
  }
  return message;
}

function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Options of {@link SpawnCommandRunner}. */
export interface SpawnRunnerOptions {
  /** Environment added to every command (the applier puts `ECSNET_LAB` here). */
  env?: Record<string, string>;
}

/** The real runner: `child_process.spawn`, no shell, output captured in memory. */
export class SpawnCommandRunner implements CommandRunner {
  constructor(private readonly options: SpawnRunnerOptions = {}) {}

  run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const [program, ...args] = argv;
    if (program === undefined) return Promise.reject(new Error('empty argv'));
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const child = spawn(program, args, {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, LC_ALL: 'C', ...this.options.env, ...options.env },
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(new EcsnetError(`cannot run \`${argv.join(' ')}\`: ${e.message}`, [], 2));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        const result: CommandResult = {
          argv: [...argv],
          exitCode: code ?? 128 + signalNumber(signal),
          stdout: Buffer.concat(out).toString('utf8'),
          stderr: Buffer.concat(err).toString('utf8'),
          durationMs: performance.now() - started,
        };
        if (result.exitCode !== 0 && (options.check ?? true)) reject(new CommandError(result, options.stdin));
        else resolve(result);
      });
      // A command that exits before reading its input closes the pipe; that is reported by its exit code, not as EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.stdin ?? '');
    });
  }
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? constants.signals[signal] : 0;
}
