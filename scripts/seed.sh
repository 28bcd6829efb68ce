#!/usr/bin/env bash
# Loads a synthetic data set into the database of `make run` (README, "Generating data").
#   scripts/seed.sh [SCALE] [--seed N]   SCALE 1 = 400,000 cases, 1,000,000 incidents, 10,000,000 access-log rows (default 0.01)
# Resumable: an interrupted run continues at the first batch not loaded; a finished one does nothing when run again.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE="${1:-0.01}"
shift || true
echo "[seed] building tools/Tactics.Seed (Release)" >&2
dotnet build tools/Tactics.Seed -c Release --nologo -v q -clp:ErrorsOnly >&2
scripts/db.sh up
exec dotnet tools/Tactics.Seed/bin/Release/net10.0/Tactics.Seed.dll --scale "$SCALE" --content-root src/Tactics.Api "$@"
