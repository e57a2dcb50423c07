/**
 * What every daemon of the lab shares: reading its JSON configuration from argv, a log line
 * format, and exiting cleanly on SIGTERM (the lab's teardown) and SIGINT.
 *
 * @module
 */

/** The configuration a daemon was started with (argv[2], written by the fabric compiler). */
export function readConfig<T>(): T {
  const raw = process.argv[2];
  if (raw === undefined) {
    process.stderr.write('usage: node <daemon>.js <json configuration>\n');
    process.exit(2);
  }
  return JSON.parse(raw) as T;
}

/** One log line on stderr (the lab's process log). */
export function log(name: string, message: string): void {
  process.stderr.write(`${new Date().toISOString()} ${name}: ${message}\n`);
}

/** Runs `cleanup` and exits on SIGTERM or SIGINT. */
export function exitOnSignal(cleanup: () => void = () => undefined): void {
  const stop = (): void => {
    try {
      cleanup();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** An IPv4-mapped address (`::ffff:10.0.1.5`) as plain IPv4. */
export function plainAddress(address: string | undefined): string {
  if (address === undefined) return '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
