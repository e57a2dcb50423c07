/**
 * Where the installed ecsnet's daemons are: this Node binary and the compiled daemons next to
 * this module. The compiler is pure and takes the runtime as an option; the lab controller
 * passes this one.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import type { DaemonRuntime } from './daemon-config.js';

/** The runtime of the running ecsnet installation. */
export function installedDaemonRuntime(): DaemonRuntime {
  return { node: process.execPath, daemonDir: fileURLToPath(new URL('../services/', import.meta.url)) };
}
