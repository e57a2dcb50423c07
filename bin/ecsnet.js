#!/usr/bin/env node
// Entry point of the `ecsnet` command: runs the compiled CLI (npm ci builds it through `prepare`).
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(`ecsnet: internal error: ${err && err.stack ? err.stack : err}`); process.exitCode = 70; },
);
