/**
 * The `ecsnet` command line: dispatches to one command, turns EcsnetError into its message
 * and exit code, and prints help. Commands stay thin; the work is in the library.
 */
import { EcsnetError, formatDiagnostic } from '../diagnostics.js';
import type { Output } from './command.js';
import { EXIT } from './command.js';
import { COMMANDS } from './command-registry.js';

const consoleOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `ecsnet: run Amazon ECS network architectures on one Linux machine, from CloudFormation.

Usage: ecsnet <command> [arguments] [options]

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

With no files, commands use the built-in example (the ECS Best Practices Guide's reference
architecture, in examples/). Run 'ecsnet <command> --help' for a command's options.`;
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], output: Output = consoleOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const entry = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    output.out(entry ? (await entry.load()).help : usage());
    return EXIT.ok;
  }
  if (name === '--version' || name === '-V') {
    output.out('ecsnet 0.1.0');
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    output.err(`ecsnet: unknown command "${name}"\n\n${usage()}`);
    return EXIT.usage;
  }
  const command = await entry.load();
  try {
    return await command.run(rest, output);
  } catch (error) {
    if (error instanceof EcsnetError) {
      output.err(`ecsnet ${command.name}: ${error.message}`);
      for (const d of error.diagnostics) output.err(formatDiagnostic(d));
      return error.exitCode;
    }
    throw error;
  }
}
