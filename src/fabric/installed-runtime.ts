/**
 * Where the installed ecsnet's daemons are: this Node binary and the compiled daemons next to
 * this module. The compiler is pure and takes the runtime as an option; the CLI and the
 * supervisor pass this one.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { DaemonRuntime } from './daemon-config.js';

/** The runtime of the running ecsnet installation. */
export function installedDaemonRuntime(): DaemonRuntime {
  return { node: process.execPath, daemonDir: fileURLToPath(new URL('../services/', import.meta.url)) };
}

/** Path of the fabric's supervisor entry (the dataplane's supervisor plus the host relay). */
export function fabricSupervisorEntry(): string {
  return fileURLToPath(new URL('./supervisor-main.js', import.meta.url));
}
