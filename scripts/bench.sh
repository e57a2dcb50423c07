#!/bin/sh
# Every benchmark, each running ecsnet's path and its reference side by side and printing the
# ratio (docs/benchmarks.md holds the recorded figures). The data-plane ones need root.
set -eu
cd "$(dirname "$0")/.."
npm run --silent build
node dist/bench/import.js
node dist/bench/plan.js
# The long fuzz run: 10,000 mutated stack sets through validate/show/plan/check (a few minutes).
node dist/bench/fuzz.js 1 10000 2
if [ "$(id -u)" = "0" ]; then
  node dist/bench/eni-setup.js
  node dist/bench/vpc-lifecycle.js 5
  node dist/bench/vpc-sg-throughput.js 4 5
  node dist/bench/nft-update.js 1000 20
  node dist/bench/dns-updates.js 50000 20
  node dist/bench/relay.js 3 3000
  node dist/bench/live-change.js 100,1000 10
else
  echo "bench: skipping the data-plane benchmarks (they need root)" >&2
fi
