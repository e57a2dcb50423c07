#!/bin/sh
# Refreshes test/fixtures/corpus from the shared corpus (../shared/corpus): the tests read the
# copy inside the repository, so they run the same wherever the repository is cloned.
set -eu
cd "$(dirname "$0")/.."
src=../shared/corpus
[ -d "$src" ] || { echo "sync-corpus: $src not found" >&2; exit 1; }
rm -rf test/fixtures/corpus
mkdir -p test/fixtures/corpus
cp -r "$src"/. test/fixtures/corpus/
echo "sync-corpus: copied $(find test/fixtures/corpus -type f | wc -l) files"
