#!/usr/bin/env bash
# The local annotation provider (annotate/local) over the photo corpus's JPEGs, each downscaled
# to a long edge of 2048 px before timing: ms per image on one core (p50, max), each detector's
# cost alone, and images/s with 2 threads (a provider each), as one JSON line.
# See docs/design/annotate-local.md.
#   bench/annotate/run.sh [GLOSS_BUILD_DIR] [CORPUS_DIR]
# Defaults: build/release and build/corpus under the repo; a missing corpus is fetched with
# ../shared/corpus/fetch-corpus.sh (beside the repo), which needs apt-get.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=$(realpath -m "${1:-$repo/build/release}")
corpus=$(realpath -m "${2:-$repo/build/corpus}")
[ -d "$corpus" ] || "$repo/../shared/corpus/fetch-corpus.sh" "$corpus"
# Tesseract parallelises with OpenMP; one image uses one core here, as on the blocking pool.
OMP_THREAD_LIMIT=1 exec "$build/bin/annotate_local_bench" "$corpus"
