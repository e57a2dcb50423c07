/**
 * Serves a lab controller's control API (see control-api.ts) on `<state dir>/control.sock`.
 * The socket is created mode 0600 inside the lab's root-owned state directory, so only root
 * can connect; it is plain HTTP/1.1 so `curl --unix-socket` works for a human too. Bodies are
 * JSON, at most 64 MB (a model and plan of a few thousand resources is a few MB).
 *
 * @module
 */
import { chmod, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { defaultStateRoot, labStateDir } from '../dataplane/lab-state.js';
import type { ApplyRequest, ControlError } from './control-api.js';
import { CONTROL_API_VERSION } from './control-api.js';
import type { LabController } from './lab-controller.js';

const BODY_LIMIT = 64 * 1024 * 1024;

/** Path of a lab's control socket. */
export function controlSocketPath(lab: string, stateRoot = defaultStateRoot()): string {
  return join(labStateDir(lab, stateRoot), 'control.sock');
}

/** A running control server. */
export interface ControlServer {
  path: string;
  close(): Promise<void>;
}

/**
 * Starts serving `controller`. `onStop` runs when a client asks the lab to stop, after the
 * answer was sent.
 */
export async function serveControlApi(controller: LabController, onStop: () => void, stateRoot = defaultStateRoot()): Promise<ControlServer> {
  const path = controlSocketPath(controller.lab, stateRoot);
  await rm(path, { force: true });
  const server = createServer((req, res) => {
    void handle(controller, req, res, onStop).catch((err: unknown) => send(res, 500, errorBody('ECSNET_E_INTERNAL', err instanceof Error ? err.message : String(err))));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  await chmod(path, 0o600);
  return { path, close: () => closeServer(server, path) };
}

async function handle(controller: LabController, req: IncomingMessage, res: ServerResponse, onStop: () => void): Promise<void> {
  const prefix = `/v${CONTROL_API_VERSION}/`;
  const url = req.url ?? '/';
  if (!url.startsWith(prefix)) return send(res, 404, errorBody('ECSNET_E_API_VERSION', `this controller speaks API version ${CONTROL_API_VERSION} (paths ${prefix}…)`));
  const route = `${req.method ?? 'GET'} ${url.slice(prefix.length - 1).split('?')[0]}`;
  switch (route) {
    case 'GET /status':
      return send(res, 200, controller.status());
    case 'GET /manifest':
      return send(res, 200, controller.currentManifest());
    case 'POST /apply': {
      const body = (await readBody(req)) as ApplyRequest | undefined;
      if (!body || typeof body !== 'object' || !body.desired) return send(res, 400, errorBody('ECSNET_E_BAD_REQUEST', 'POST /apply needs {"desired": {...}}'));
      try {
        return send(res, 200, await controller.apply(body.desired, body.dryRun === true));
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        return send(res, 409, errorBody(typeof code === 'string' ? code : 'ECSNET_E_APPLY_FAILED', err instanceof Error ? err.message : String(err)));
      }
    }
    case 'POST /stop':
      send(res, 202, { stopping: true });
      res.once('finish', onStop);
      return;
    default:
      return send(res, 404, errorBody('ECSNET_E_NOT_FOUND', `no route ${route}`));
  }
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BODY_LIMIT) {
        req.destroy();
        reject(new Error(`request body over ${BODY_LIMIT} bytes`));
      } else chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(chunks.length === 0 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function errorBody(code: string, message: string): ControlError {
  return { error: { code, message } };
}

async function closeServer(server: Server, path: string): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await rm(path, { force: true });
}
