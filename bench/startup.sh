#!/usr/bin/env bash
# Time from exec of `gloss sandbox --port 0` to its ready line, with empty
# state (a fresh copy of app/) and then existing state (a restart on it):
# RUNS runs each, min / median / max.
#   bench/startup.sh [GLOSS_BIN] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/release/bin/gloss}
runs=${2:-20}
exec node "$here/startup.mjs" "$bin" "$runs"
