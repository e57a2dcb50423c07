#!/bin/sh
# The whole test suite: type-check and build, lint and format check, unit tests, then the kernel
# integration tests (real namespaces and packets; they need root and skip without it).
set -eu
cd "$(dirname "$0")/.."
npm run --silent build
npx eslint src test bench
npm run --silent format:check
node --test --test-reporter=spec dist/test/unit/
node --test --test-reporter=spec --test-concurrency=1 dist/test/integration/
