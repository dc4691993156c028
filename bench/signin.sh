#!/usr/bin/env bash
# Sign-in latency (USER_PASSWORD_AUTH through @aws-sdk/client-cognito-identity-provider):
# gloss beside cognito-local (npm), same machine, same run. See bench/signin.mjs.
#   bench/signin.sh [GLOSS_BIN] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/release/bin/gloss}
runs=${2:-50}
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null
exec node "$here/signin.mjs" "$bin" "$runs"
