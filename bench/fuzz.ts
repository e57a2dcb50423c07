/**
 * The long fuzz run (issue 14): mutated corpus templates through validate, show, plan and check,
 * in a few long-lived worker processes; prints cases, crashes, hangs, contract violations, the
 * slowest case and the largest RSS, and the failing cases with what was mutated. Goal: 0 crashes,
 * 0 hangs. Run: `node dist/bench/fuzz.js [SEED[,SEED...]] [CASES per seed] [WORKERS]` (defaults
 * 1, 10000, 2); a failing case is reproduced with the same seed and `--first INDEX` as the 4th argument.
 */
import { formatSummary, runFuzz } from '../test/helpers/fuzz/run-fuzz.js';

const [seedsArg = '1', casesArg = '10000', workersArg = '2', firstArg = '0'] = process.argv.slice(2);
const seeds = seedsArg.split(',').map(Number);
const cases = Number(casesArg);
const workers = Number(workersArg);
let failed = false;
for (const seed of seeds) {
  let last = 0;
  const summary = await runFuzz({
    seed,
    cases,
    first: Number(firstArg),
    workers,
    onProgress: (done) => {
      if (done - last >= 1000) {
        last = done;
        process.stderr.write(`seed ${seed}: ${done}/${cases}\n`);
      }
    },
  });
  console.log(formatSummary(summary));
  failed ||= summary.failures.length > 0;
}
process.exitCode = failed ? 1 : 0;
