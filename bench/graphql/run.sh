#!/usr/bin/env bash
# GraphQL under load: gloss beside amplify-appsync-simulator (npm) serving the
# same generated schema, both driven by wrk in the same run; getImage,
# listImages (filtered, limit 20) and createImage at 16 and 64 connections.
# See bench/graphql/README.md.
#   bench/graphql/run.sh [GLOSS_BIN] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../../build/release/bin/gloss}
seconds=${2:-10}
source "$here/../lib/ensure-wrk.sh"
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null
exec node "$here/run.mjs" "$bin" "$seconds"
