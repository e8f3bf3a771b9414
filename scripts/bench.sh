#!/usr/bin/env bash
# Measures the performance budgets of the README's "Performance" on this machine: cases per second with -o json on one core,
# peak memory, start-up time and the first prompt. Usage: scripts/bench.sh [number of cases]
# (1200000 cases make about 1 GB of input).
set -euo pipefail
n=${1:-200000}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Built as releases are (.goreleaser.yaml): static, without cgo, stripped, the version set.
release_flags=(-trimpath -ldflags "-s -w -X main.buildVersion=v0.0.0-bench")
CGO_ENABLED=0 go build "${release_flags[@]}" -o "$tmp/cspfix" ./cmd/cspfix
go run ./scripts/gencases -n "$n" > "$tmp/cases.jsonl"
size=$(du -m "$tmp/cases.jsonl" | cut -f1)

one_core=""
command -v taskset >/dev/null && one_core="taskset -c 0"
# Results go through a pipe into wc: that proves N results for N cases and keeps the disk out
# of the figure (writing the ~2 KB a result takes to a file costs more than diagnosing it).
start=$(date +%s.%N)
lines=$( { /usr/bin/env time -f "%M" -o "$tmp/rss" $one_core "$tmp/cspfix" diagnose -o json \
  --now 2026-11-20T12:00:00+01:00 < "$tmp/cases.jsonl" || [ $? -eq 3 ]; } | wc -l)
end=$(date +%s.%N)
[ "$lines" -eq "$n" ] || { echo "expected $n results, got $lines" >&2; exit 1; }

secs=$(echo "$end - $start" | bc -l)
printf 'batch: %d cases (%d MB) in %.2f s on one core: %.0f cases/s, peak RSS %d MB\n' \
  "$n" "$size" "$secs" "$(echo "$n / $secs" | bc -l)" "$(( $(cat "$tmp/rss") / 1024 ))"

# The floor the batch is held to: encoding/json decoding the same cases into Go structs of their
# shape, and nothing else (scripts/jsonfloor), on the same core, in the same run.
CGO_ENABLED=0 go build -trimpath -o "$tmp/jsonfloor" ./scripts/jsonfloor
start=$(date +%s.%N)
read_n=$($one_core "$tmp/jsonfloor" < "$tmp/cases.jsonl")
end=$(date +%s.%N)
[ "$read_n" -eq "$n" ] || { echo "the floor read $read_n cases of $n" >&2; exit 1; }
floor_secs=$(echo "$end - $start" | bc -l)
printf 'encoding/json decode floor: %.0f cases/s; diagnose -o json: %.2f× the floor\n' \
  "$(echo "$n / $floor_secs" | bc -l)" "$(echo "$floor_secs / $secs" | bc -l)"

# The same cases with the text output people read (-o text; the batch ends with its summary).
start=$(date +%s.%N)
/usr/bin/env time -f "%M" -o "$tmp/rss" $one_core "$tmp/cspfix" diagnose -o text \
  --now 2026-11-20T12:00:00+01:00 < "$tmp/cases.jsonl" > /dev/null || [ $? -eq 3 ]
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
printf 'text batch: %d cases in %.2f s on one core: %.0f cases/s, peak RSS %d MB\n' \
  "$n" "$secs" "$(echo "$n / $secs" | bc -l)" "$(( $(cat "$tmp/rss") / 1024 ))"

# The same number of cases as a CSV export (README "Batches from a spreadsheet or CRM").
go run ./scripts/gencases -n "$n" -csv > "$tmp/cases.csv"
csv_size=$(du -m "$tmp/cases.csv" | cut -f1)
start=$(date +%s.%N)
lines=$( { /usr/bin/env time -f "%M" -o "$tmp/rss" $one_core "$tmp/cspfix" diagnose -o json --tz UTC \
  --now 2026-11-20T12:00:00+01:00 --answers "$tmp/cases.csv" || [ $? -eq 3 ]; } | wc -l)
end=$(date +%s.%N)
[ "$lines" -eq "$n" ] || { echo "expected $n results from CSV, got $lines" >&2; exit 1; }
secs=$(echo "$end - $start" | bc -l)
printf 'csv batch: %d rows (%d MB) in %.2f s on one core: %.0f rows/s, peak RSS %d MB\n' \
  "$n" "$csv_size" "$secs" "$(echo "$n / $secs" | bc -l)" "$(( $(cat "$tmp/rss") / 1024 ))"
rm -f "$tmp/cases.csv"

# One pathological record at the record limit, and one with a 1 MiB field: peak memory and the
# size of the output stay bounded (the budget: under 256 MB, and under 128 MB for a 1 MiB field).
for spec in "1 tenant_id" "15 tenant_id" "15 notes"; do
  set -- $spec
  python3 -c "import json,sys; n=int(sys.argv[1])<<20; f=sys.argv[2]
rec={'customer':{'tenant_id':'\u0430'*(n//2)}} if f=='tenant_id' else {'notes':'z'*n}
print(json.dumps(rec, ensure_ascii=False))" "$1" "$2" > "$tmp/big.json"
  for cmd in "diagnose -o json" "ticket"; do
    out=$(/usr/bin/env time -f "%M %e" -o "$tmp/rss" "$tmp/cspfix" $cmd --answers "$tmp/big.json" \
      --now 2026-11-20T12:00:00+01:00 | wc -c) || true
    read -r rss secs < "$tmp/rss"
    printf 'pathological: %2s MiB %-9s %-16s peak RSS %3d MB, %.2f s, %d bytes of output\n' \
      "$1" "$2" "$cmd" "$((rss / 1024))" "$secs" "$out"
  done
done

# Start-up of the commands that never prompt, against the yardstick of the budget: a binary that
# links cobra and nothing else (cmd/cobraonly), built the same way, its --help. The runs
# alternate (cspfix, yardstick, cspfix, ...) so that a machine whose speed drifts treats both
# alike; each figure is the median of 100 runs, and the ratio is what the budget limits. Both
# binaries are copies written in one go, as an installer writes them: the linker's own file
# starts slower (README "Performance"; BenchmarkStartup times both).
cat > "$tmp/bare.go" <<'GO'
package main

func main() {}
GO
CGO_ENABLED=0 go build -o "$tmp/bare" "$tmp/bare.go"
CGO_ENABLED=0 go build "${release_flags[@]}" -o "$tmp/cobraonly.linked" ./cmd/cobraonly
cat "$tmp/cobraonly.linked" > "$tmp/cobraonly" && chmod +x "$tmp/cobraonly"
cat "$tmp/cspfix" > "$tmp/cspfix.installed" && chmod +x "$tmp/cspfix.installed"
timeit() { local s e; s=$(date +%s%N); for _ in $(seq 50); do "$@" >/dev/null; done; e=$(date +%s%N); echo $(( (e - s) / 50000 )); }
# median µs of 100 alternating runs of "$@" and of the yardstick: prints "command yardstick"
paired() {
  local a=() b=() s e
  for _ in $(seq 100); do
    # bash's own clock in µs: reading it starts no process (date would be timed too)
    s=${EPOCHREALTIME/./}; "$@" >/dev/null 2>&1; e=${EPOCHREALTIME/./}; a+=($(( 10#$e - 10#$s )))
    s=${EPOCHREALTIME/./}; "$tmp/cobraonly" --help >/dev/null 2>&1; e=${EPOCHREALTIME/./}; b+=($(( 10#$e - 10#$s )))
  done
  median() { printf '%s\n' "$@" | sort -n | sed -n 50p; }
  echo "$(median "${a[@]}") $(median "${b[@]}")"
}
for args in "--help" "scenarios" "tenant check 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31" \
  "diagnose -o json --now 2026-11-20T12:00:00+01:00 --answers examples/a-other-partner.json" "schema"; do
  read -r mine yard <<< "$(paired "$tmp/cspfix.installed" $args)"
  budget="budget 1.5×"
  [ "$args" = schema ] && budget="outside the budget"
  printf 'start-up: cspfix %-60s %5d µs, cobra-only --help %5d µs: %.2f× (%s)\n' \
    "$args" "$mine" "$yard" "$(echo "$mine / $yard" | bc -l)" "$budget"
done
printf 'start-up: bare Go binary %d µs (mean of 50)\n' "$(timeit "$tmp/bare")"

# First prompt: a whole accessible-mode run on empty input is start-up, the first question on the
# screen, one save and the exit, so it bounds the time to the first prompt from above.
printf 'first prompt: at most %d µs (accessible mode, mean of 50 runs to end of input)\n' \
  "$(timeit sh -c "'$tmp/cspfix' diagnose --accessible --save '$tmp/case.json' < /dev/null 2>/dev/null; true")"
