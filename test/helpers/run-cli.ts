/**
 * Runs the `ecsnet` CLI in-process and captures what it prints, so CLI tests assert on the
 * exact output and exit code without spawning a process per case.
 */
import { main } from '../../src/cli/main.js';

/** Exit code and the text written to stdout and stderr. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** `ecsnet <argv...>` in this process. */
export async function runCli(argv: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    out: (t) => {
      out += `${t}\n`;
    },
    err: (t) => {
      err += `${t}\n`;
    },
  });
  return { code, out, err };
}
