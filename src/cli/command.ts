import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { EcsnetError } from '../diagnostics.js';

/**
 * The shape of a CLI command. Commands are thin: they parse their options, call the library
 * and print; the exit code contract (0 fine, 1 findings, 2 bad input or usage) lives here.
 */

/** Where a command writes; injectable so tests can run commands in-process. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/** One `ecsnet` command: its help, and running it with its own arguments. */
export interface Command {
  name: string;
  summary: string;
  /** Full help text shown by `ecsnet <command> --help`. */
  help: string;
  run(args: string[], output: Output): Promise<number>;
}

/** Exit codes: 0 success, 1 the input has findings, 2 unreadable input or bad usage. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/**
 * Node's parseArgs in strict mode, with a parse failure (unknown option, missing value)
 * turned into a usage error (exit 2) that names the option, as every command needs.
 */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(args: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw new EcsnetError((error as Error).message, [], 2);
  }
}

/** Options of the lab commands (down, status): the lab by name, JSON output, help. */
export const LAB_OPTIONS = {
  json: { type: 'boolean' },
  lab: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];
