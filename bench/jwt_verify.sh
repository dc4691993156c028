#!/usr/bin/env bash
# RS256 ID-token verification per second: gloss (src/auth/jwt_bench.cc, Google
# Benchmark) beside aws-jwt-verify on Node, same key size, same claim checks
# (signature, iss, aud, exp; gloss also checks token_use), cached keys.
#   bench/jwt_verify.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build/release}
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >/dev/null

gloss=$("$build/src/auth/jwt_bench" --benchmark_filter=BM_VerifyIdToken --benchmark_min_time=3 \
          --benchmark_format=json | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const run = JSON.parse(s).benchmarks.find((b) => b.name === "BM_VerifyIdToken");
    console.log(Math.round(run.items_per_second));
  });')
peer=$(node "$here/jwt_verify_peer.mjs" 3)
ratio=$(node -e "console.log(($gloss / $peer).toFixed(2))")
echo "RS256 ID token verification: gloss ${gloss}/s, aws-jwt-verify (Node $(node --version)) ${peer}/s, ratio ${ratio}x"
