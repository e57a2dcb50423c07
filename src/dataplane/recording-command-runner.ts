/**
 * A {@link CommandRunner} that runs nothing: it records each command and answers from a
 * script. Unit tests use it to pin down what the applier asks of the kernel (how many
 * processes, in which order, with which batch text) and how it cleans up when a step fails,
 * without root.
 *
 * @module
 */
import { CommandError, type CommandResult, type CommandRunner, type RunOptions } from './command-runner.js';

/** One recorded call. */
export interface RecordedCommand {
  argv: string[];
  stdin?: string;
}

/** What the script answers for a command: a result (exit code 0 by default) or nothing (success, no output). */
export type CommandScript = (command: RecordedCommand) => Partial<Pick<CommandResult, 'exitCode' | 'stdout' | 'stderr'>> | undefined;

/** Records commands and answers them from a script. */
export class RecordingCommandRunner implements CommandRunner {
  readonly commands: RecordedCommand[] = [];

  constructor(private readonly script: CommandScript = () => undefined) {}

  async run(argv: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
    const command: RecordedCommand = { argv: [...argv], ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) };
    this.commands.push(command);
    const answer = this.script(command) ?? {};
    const result: CommandResult = { argv: [...argv], exitCode: answer.exitCode ?? 0, stdout: answer.stdout ?? '', stderr: answer.stderr ?? '', durationMs: 0 };
    if (result.exitCode !== 0 && (options.check ?? true)) throw new CommandError(result, options.stdin);
    return result;
  }

  /** The recorded commands as single lines (`ip -batch -`), for compact assertions. */
  lines(): string[] {
    return this.commands.map((c) => c.argv.join(' '));
  }
}
