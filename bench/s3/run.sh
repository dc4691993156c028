#!/usr/bin/env bash
# S3 PUT and GET under load: gloss beside s3rver (npm) in the same run, both
# driven by wrk with presigned URLs (so the load generator is not the
# bottleneck the JS SDK would be); 4 KB, 1 MB and 64 MB objects at 1 and 16
# connections. See bench/s3/README.md.
#   bench/s3/run.sh [GLOSS_BIN] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:-$here/../../build/release/bin/gloss}")
seconds=${2:-5}
source "$here/../lib/ensure-wrk.sh"
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null
exec node "$here/run.mjs" "$bin" "$seconds"
