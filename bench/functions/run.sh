#!/usr/bin/env bash
# Function invocation: warm overhead (p50/p99) and throughput of a no-op C++
# (builtin:noop) and Node (node: handler under aws-lambda-ric) function
# through gloss's Lambda Invoke API, cold starts, beside lambda-local (npm,
# in-process, no isolation) and a process per invocation (what `sam local
# invoke`-style tools do) in the same run. See bench/functions/README.md.
#   bench/functions/run.sh [GLOSS_BIN] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:-$here/../../build/release/bin/gloss}")
seconds=${2:-5}
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null
exec node "$here/run.mjs" "$bin" "$seconds"
