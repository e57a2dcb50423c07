/**
 * The shape of a CLI command. Commands are thin: they parse their options, call the library
 * and print; the exit code contract (0 fine, 1 findings, 2 bad input or usage) lives here.
 */

/** Where a command writes; injectable so tests can run commands in-process. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export interface Command {
  name: string;
  summary: string;
  /** Full help text shown by `ecsnet <command> --help`. */
  help: string;
  run(args: string[], output: Output): Promise<number>;
}

/** Exit codes: 0 success, 1 the input has findings, 2 unreadable input or bad usage. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
