#!/usr/bin/env node
// Entry point of the `ecsnet` command: runs the compiled CLI (npm ci builds it through `prepare`).
import { main } from '../dist/src/cli/main.js';

// A reader that stops early (`ecsnet ls | head`) is not an error of ours.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(`ecsnet: internal error: ${err && err.stack ? err.stack : err}`); process.exitCode = 70; },
);
