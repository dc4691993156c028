#!/usr/bin/env bash
# Image processing: sharp (two variants) beside gloss's media_bench in the same run, per image a
# compressed JPEG (long edge <= 2048, q85) and a thumbnail (<= 400, q80), 2 workers; then the
# same corpus end to end through a gloss sandbox (e2e.mjs).
# See bench/images/README.md.
#   bench/images/run.sh [GLOSS_BUILD_DIR] [CORPUS_DIR]
# Defaults: build/release and build/corpus under the repo; a missing corpus is fetched with
# ../shared/corpus/fetch-corpus.sh (beside the repo), which needs apt-get.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$(realpath -m "${1:-$repo/build/release}")
corpus=$(realpath -m "${2:-$repo/build/corpus}")
[ -d "$corpus" ] || "$repo/../shared/corpus/fetch-corpus.sh" "$corpus"
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null
node "$here/run.mjs" --gloss "$build/bin/media_bench" "$corpus"
echo
echo "End to end through gloss (upload -> process-image -> Image READY), 4 in flight:"
node "$here/e2e.mjs" "$build/bin/gloss" "$corpus"
