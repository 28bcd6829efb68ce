#!/usr/bin/env bash
# make test: a throwaway PostgreSQL, the test prerequisites, the spec lint, every test;
# ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

eval "$(scripts/db.sh test-up | sed 's/^/export /; s/=\(.*\)$/="\1"/')"
trap 'scripts/db.sh test-down "$DIR"' EXIT

if [ ! -x /usr/bin/chromium ]; then
  echo "[test] installing Debian's chromium for the Swagger UI test" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

spec_failed=0
echo "[test] linting api-spec/openapi.json with Spectral (OWASP ruleset)"
(cd tools/spectral && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
  && tools/spectral/node_modules/.bin/spectral lint api-spec/openapi.json --ruleset .spectral.yaml --fail-severity error \
  || spec_failed=1

dotnet build TACTICS.Api.sln -c Release --nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
log=$(mktemp)
dotnet test --solution TACTICS.Api.sln -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=$(grep -Eo 'succeeded: *[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo 'failed: *[0-9]+' "$log" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
failed=$((failed + spec_failed))
[ "$spec_failed" -eq 1 ] && echo "[test] the Spectral lint failed (counted as one failure)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
