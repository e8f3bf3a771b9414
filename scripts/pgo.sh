#!/usr/bin/env bash
# Writes cmd/cspfix/default.pgo: the CPU profile with which the Go toolchain optimises the cspfix
# binary (profile-guided optimisation; go build and go install use it by themselves). The profile
# is of the batch as scripts/bench.sh measures it, -o json and -o text over generated cases.
# Run it after changing the batch path, and measure before and after (README "Performance").
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go test ./cmd/internal/cli -pgo=off -run '^$' -bench 'BenchmarkDiagnose(JSON|Text)$' -benchtime 200000x -cpu 1 \
  -cpuprofile "$tmp/cpu.pprof" -o "$tmp/cspfix.test" >/dev/null
cp "$tmp/cpu.pprof" cmd/cspfix/default.pgo
echo "wrote cmd/cspfix/default.pgo ($(wc -c < cmd/cspfix/default.pgo) bytes)"
