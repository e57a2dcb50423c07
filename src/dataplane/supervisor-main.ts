/**
 * Entry of the detached supervisor process (`node dist/src/dataplane/supervisor-main.js`),
 * started by `spawnSupervisor`; it only runs the supervisor loop.
 *
 * @module
 */
import { runSupervisor } from './supervisor.js';

runSupervisor();
