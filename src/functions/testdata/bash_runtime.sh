#!/bin/bash
# A Lambda custom runtime in bash and curl, the way AWS's custom runtime
# tutorial writes one: the function pool's tests run it as a worker. The
# event (JSON) says what to do:
#   {"echo": X}        respond {"echo": X}
#   {"sleep": S}       sleep S seconds, then respond {"slept": S}
#   {"print": "t"}     print t on stdout (and {"stderr": "t"} on stderr) first
#   {"fail": "m"}      post an error with errorMessage m
#   {"exit": N}        exit with status N without answering
#   {"allocate": M}    hold M MiB in a shell variable, then sleep 2 s
#   {"env": "NAME"}    respond {"env": value of NAME or null}
#   {"cat": "PATH"}    respond {"content": the file's text or null}
#   {"touch": "PATH"}  respond {"touched": whether creating the file worked}
# With INIT_FAIL set, it posts init/error before asking for work.
set -u
api="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
if [[ -n "${INIT_FAIL:-}" ]]; then
  curl -sS -X POST "$api/init/error" -H 'Lambda-Runtime-Function-Error-Type: Runtime.TestInit' \
    -d '{"errorType":"Runtime.TestInit","errorMessage":"init failed on purpose"}' >/dev/null
  exit 1
fi
headers=$(mktemp)
while true; do
  event=$(curl -sS -D "$headers" "$api/invocation/next") || exit 1
  id=$(grep -i '^lambda-runtime-aws-request-id:' "$headers" | cut -d' ' -f2 | tr -d '\r\n')
  if jq -e 'has("print")' <<<"$event" >/dev/null; then jq -r .print <<<"$event"; fi
  if jq -e 'has("stderr")' <<<"$event" >/dev/null; then jq -r .stderr <<<"$event" >&2; fi
  if jq -e 'has("exit")' <<<"$event" >/dev/null; then exit "$(jq -r .exit <<<"$event")"; fi
  if jq -e 'has("fail")' <<<"$event" >/dev/null; then
    curl -sS -X POST "$api/invocation/$id/error" -H 'Lambda-Runtime-Function-Error-Type: TestError' \
      -d "$(jq -c '{errorType: "TestError", errorMessage: .fail}' <<<"$event")" >/dev/null
    continue
  fi
  response=$(jq -c '{echo: .echo}' <<<"$event")
  if jq -e 'has("sleep")' <<<"$event" >/dev/null; then
    sleep "$(jq -r .sleep <<<"$event")"
    response=$(jq -c '{slept: .sleep}' <<<"$event")
  fi
  if jq -e 'has("allocate")' <<<"$event" >/dev/null; then
    blob=$(head -c "$(jq -r .allocate <<<"$event")M" /dev/zero | tr '\0' x)
    sleep 2
    response="{\"held\":${#blob}}"
  fi
  if jq -e 'has("env")' <<<"$event" >/dev/null; then
    name=$(jq -r .env <<<"$event")
    response=$(jq -cn --arg v "${!name-}" --arg set "${!name+x}" '{env: (if $set == "" then null else $v end)}')
  fi
  if jq -e 'has("cat")' <<<"$event" >/dev/null; then
    path=$(jq -r .cat <<<"$event")
    if [[ -r "$path" ]]; then
      response=$(jq -cn --rawfile c "$path" '{content: $c}')
    else
      response='{"content":null}'
    fi
  fi
  if jq -e 'has("touch")' <<<"$event" >/dev/null; then
    if touch "$(jq -r .touch <<<"$event")" 2>/dev/null; then touched=true; else touched=false; fi
    response="{\"touched\":$touched}"
  fi
  curl -sS -X POST "$api/invocation/$id/response" -d "$response" >/dev/null
done
