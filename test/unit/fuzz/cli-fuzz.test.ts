/**
 * The CLI fuzz suite in CI (issue 14): a fixed-seed run of mutated corpus templates (tree,
 * value and text mutations: aliases, alias bombs, deep nesting, truncation, hostile paths and
 * patterns, over-quota sections) through validate, show, plan and check. Every case must exit
 * 0, 1 or 2, name a file and line for every error, take under 5 s of CPU and stay under 1 GB.
 * The cases run in-process inside two long-lived worker processes, so a hang or a heap blow-up
 * is detected and killed instead of blocking CI. `node dist/bench/fuzz.js` runs the long version.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatSummary, runFuzz } from '../../helpers/fuzz/run-fuzz.js';

const SEED = Number(process.env.ECSNET_CLI_FUZZ_SEED ?? 20261202);
const CASES = Number(process.env.ECSNET_CLI_FUZZ_CASES ?? 300);

describe('CLI fuzzing of the corpus', () => {
  it(`${CASES} mutated stack sets: exit 0/1/2 only, located errors, under 5 s and 1 GB each`, { timeout: 600_000 }, async (t) => {
    const summary = await runFuzz({ seed: SEED, cases: CASES, workers: 2 });
    t.diagnostic(formatSummary(summary));
    assert.equal(summary.cases, CASES);
    assert.deepEqual(summary.failures, [], formatSummary(summary));
    // The mutations reach every outcome: clean imports, findings, and refused files.
    assert.ok((summary.exitCodes['0'] ?? 0) > 0 && (summary.exitCodes['1'] ?? 0) > 0 && (summary.exitCodes['2'] ?? 0) > 0, JSON.stringify(summary.exitCodes));
  });
});
