#!/usr/bin/env bash
# Queues under load: gloss beside fauxqs and local-aws-sqs (npm, in-memory
# SQS emulators) in the same run, each driven by @aws-sdk/client-sqs and by a
# raw keep-alive client with a minimal SigV4 signer: send+receive+delete
# throughput in batches of 10 at 1 and 8 clients, one-message round-trip
# latency, long-poll wake latency.
# See bench/queue/README.md.
#   bench/queue/run.sh [GLOSS_BIN] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=$(realpath "${1:-$here/../../build/release/bin/gloss}")
seconds=${2:-5}
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null
exec node "$here/run.mjs" "$bin" "$seconds"
