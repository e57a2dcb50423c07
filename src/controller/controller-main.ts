/**
 * Entry of a detached lab controller (see spawn-controller.ts): receives what to start, runs
 * the controller, reports progress and readiness to the parent, then holds the lab until
 * SIGTERM (`ecsnet down`) or `POST /v1/stop`. A teardown that fails leaves `teardown-error.txt`
 * in the lab's state directory for `down` and `ls` to show.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { labStateDir } from '../dataplane/lab-state.js';
import { runController } from './run-controller.js';
import type { FromController, ToController } from './spawn-controller.js';

const send = (msg: FromController): void => {
  if (process.connected) process.send?.(msg);
};
process.on('SIGHUP', () => undefined);
// The parent disconnecting after `ready` is normal.
process.on('disconnect', () => undefined);

process.once('message', (raw) => {
  const msg = raw as ToController;
  if (msg.type !== 'start') return;
  void (async () => {
    try {
      await runController({
        lab: msg.lab,
        start: msg.start,
        kind: 'supervisor',
        stateRoot: msg.stateRoot,
        signals: ['SIGTERM', 'SIGINT'],
        onProgress: (event) => send({ type: 'progress', event }),
        onReady: ({ controller, applied, applyError }) => {
          send({ type: 'ready', status: controller.status(), ...(applied ? { applied } : {}), ...(applyError ? { applyError } : {}) });
          if (process.connected) process.disconnect();
        },
      });
      process.exit(0);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (process.connected) send({ type: 'failed', message });
      else await writeFile(join(labStateDir(msg.lab, msg.stateRoot), 'teardown-error.txt'), `${message}\n`).catch(() => undefined);
      process.exit(1);
    }
  })();
});
