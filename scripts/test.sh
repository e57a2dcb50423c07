#!/bin/sh
# The whole test suite: lint, type-check and build, unit tests, then the kernel
# integration tests (real namespaces and packets; they need root and skip without it).
set -eu
cd "$(dirname "$0")/.."
npm run --silent build
npx eslint src test bench
node --test --test-reporter=spec dist/test/unit/
node --test --test-reporter=spec --test-concurrency=1 dist/test/integration/
