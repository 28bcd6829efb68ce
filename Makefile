.PHONY: run test db spec client bench bench-release seed

SCALE ?= 0.01

# Serves the API on http://localhost:5080 (Swagger UI at /swagger) over a local PostgreSQL.
run:
	scripts/db.sh up
	ASPNETCORE_ENVIRONMENT=Development dotnet run --project src/Tactics.Api

# Loads a synthetic data set into the database of `make run` (SCALE=1: 400,000 cases; see README, "Generating data").
seed:
	scripts/seed.sh $(SCALE)

# Throwaway PostgreSQL, spec lint, every test; ends with "N passed, N failed".
test:
	scripts/test.sh

# Regenerates api-spec/openapi.json from the running code (the spec test fails until this is committed).
spec:
	dotnet tool restore >/dev/null
	dotnet build src/Tactics.Api -c Release --nologo -v q
	ASPNETCORE_ENVIRONMENT=Development dotnet tool run swagger tofile --output api-spec/openapi.json src/Tactics.Api/bin/Release/net10.0/Tactics.Api.dll v1 >/dev/null

# The benchmark of the README's "Performance": a Release API against the database of `make run` (seeded at SCALE=0.02
# when empty) under fixed-rate load: GET /cases/{id} as a consented partner, a zone's first list page, POST incidents,
# release → first webhook while the reads run; each read's statements replayed by pgbench at the same rate. Three runs,
# medians in a table and bench/results/latest.json. BENCH_* variables tune it (scripts/bench.sh).
bench:
	scripts/bench.sh

# The release benchmark alone: from a `released` POST returning to the first webhook attempt (p50/p95/p99/max), against
# a real API process and a throwaway PostgreSQL. BENCH_COUNT (200) and BENCH_CONCURRENCY (8) tune it.
bench-release:
	scripts/bench-release.sh
