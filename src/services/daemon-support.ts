/**
 * What every daemon of the lab shares: reading its configuration file (its path is argv[2],
 * written by the applier from the lab spec), serving its control socket, a log line format,
 * and exiting cleanly on SIGTERM (the lab's teardown) and SIGINT.
 *
 * @module
 */
import { readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { DaemonControl } from '../fabric/daemon-config.js';
import { serveControlChannel } from './control-channel.js';
import { errorReply, okReply, type DaemonStatus, type DaemonUpdate } from './daemon-protocol.js';

/** A daemon's configuration and where it came from. */
export interface LoadedConfig<T> {
  config: T;
  /** Absolute path of the configuration file. */
  path: string;
}

/** The configuration file a daemon was started with (argv[2]); exits with usage 2 when it is missing or unreadable. */
export function readConfig<T extends DaemonControl>(): LoadedConfig<T> {
  const path = process.argv[2];
  if (path === undefined || path.trimStart().startsWith('{')) {
    process.stderr.write('usage: node <daemon>.js <configuration file (JSON)>\n');
    process.exit(2);
  }
  try {
    return { config: JSON.parse(readFileSync(path, 'utf8')) as T, path: resolve(path) };
  } catch (err) {
    process.stderr.write(`cannot read the configuration ${path}: ${(err as Error).message}\n`);
    process.exit(2);
  }
}

/** The control socket named by a configuration (relative to the file's directory), if any. */
export function controlSocketOf(loaded: LoadedConfig<DaemonControl>): string | undefined {
  const control = loaded.config.control;
  return control === undefined ? undefined : resolve(dirname(loaded.path), control);
}

/** What a daemon does with the control channel's requests. */
export interface DaemonControlHandlers {
  status(): DaemonStatus;
  /** Applies a change and returns true, returns false for an op this daemon does not take, throws to refuse it. */
  apply(update: DaemonUpdate): boolean;
}

/** A served control socket. */
export interface ControlHandle {
  server: Server;
  socket: string;
  /** Stops listening and removes the socket file at once (the daemon is about to exit). */
  close(): void;
}

/** Serves the daemon's control socket when its configuration names one. */
export async function serveDaemonControl(loaded: LoadedConfig<DaemonControl>, handlers: DaemonControlHandlers): Promise<ControlHandle | undefined> {
  const socket = controlSocketOf(loaded);
  if (socket === undefined) return undefined;
  const server = await serveControlChannel(socket, (request) => {
    if (request.op !== 'status' && !handlers.apply(request)) {
      return errorReply(request.id, 'unsupported-op', `${handlers.status().daemon} does not take ${request.op}`);
    }
    return okReply(request.id, handlers.status());
  });
  return {
    server,
    socket,
    close: () => {
      server.close();
      rmSync(socket, { force: true });
    },
  };
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
