#!/usr/bin/env bash
# Compares two cspfix binaries byte for byte: what each prints (standard output, standard error,
# exit status, the files it writes) for every example, every input of the hostile corpus, the
# desk's settings, scripted walkthroughs, the lookups against a fake sign-in service, every
# command that prints the catalog, the help of every command, and N generated cases in every
# output format and both languages. A change meant to leave the output alone (a refactoring)
# must pass it. Usage:
#
#   scripts/sameoutput.sh OLD NEW [N]     (N generated cases, default 1000000)
#
# Build both binaries with the same version (-ldflags "-X main.buildVersion=same"), since tickets
# name it. SAMEOUTPUT_CACHE keeps the generated cases between runs (they take a minute to make).
# It prints one line per comparison that differs, with the start of the difference, and a count.
set -euo pipefail
old=$(realpath "$1")
new=$(realpath "$2")
n=${3:-1000000}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
cache=${SAMEOUTPUT_CACHE:-$work}
mkdir -p "$cache"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

compared=0
differ=0
now=2026-11-20T12:00:00+01:00

# The inputs are copied, so that both binaries read the same files under the same names.
mkdir -p "$work/in" "$work/home"
cp "$repo"/examples/* "$repo"/cmd/internal/cli/testdata/hostile/* "$work/in/"
cp "$repo/cmd/internal/cli/testdata/desk/config.json" "$work/desk.json"
if [ ! -s "$cache/cases-$n.jsonl" ]; then
  (cd "$repo" && go run ./scripts/gencases -n "$n" > "$cache/cases-$n.jsonl" && go run ./scripts/gencases -n "$n" -csv > "$cache/cases-$n.csv")
fi

# run BIN OUTDIR STDIN ARGS...: one run in a fresh folder, its outputs in OUTDIR; with seed set,
# the folder starts with that file as case.json. Walkthroughs name new cases with a random
# suffix: it is replaced.
run() {
  local bin=$1 out=$2 stdin=$3
  shift 3
  rm -rf "$work/run" && mkdir -p "$work/run" "$out"
  [ -n "${seed:-}" ] && cp "$seed" "$work/run/case.json" # a saved case to resume, the same for both
  local code=0
  (cd "$work/run" && env -i HOME="$work/home" XDG_STATE_HOME="$work/run/state" XDG_CONFIG_HOME="$work/run/config" \
    TZ=Europe/Berlin LANG=C PATH=/usr/bin:/bin ${extra_env:-} "$bin" "$@" < "$stdin" > "$out/stdout" 2> "$out/stderr") || code=$?
  echo "$code" > "$out/code"
  (cd "$work/run" && find . -type f | sort | while read -r f; do echo "== $f"; cat "$f"; done) > "$out/files"
  sed -i -E 's/case-[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{6}-[0-9a-f]{4}/case-RANDOM/g' "$out/stdout" "$out/stderr" "$out/files"
}

# same NAME STDIN ARGS...: runs both binaries and compares everything they left.
same() {
  local name=$1 stdin=$2
  shift 2
  run "$old" "$work/a" "$stdin" "$@"
  run "$new" "$work/b" "$stdin" "$@"
  compared=$((compared + 1))
  local f
  for f in code stdout stderr files; do
    if ! cmp -s "$work/a/$f" "$work/b/$f"; then
      differ=$((differ + 1))
      echo "DIFFERS: $name ($f): $*"
      diff -u "$work/a/$f" "$work/b/$f" | head -20 || true
      break
    fi
  done
}

# big NAME INPUT ARGS...: both binaries at once over a large input, compared by their digests.
big() {
  local name=$1 input=$2
  shift 2
  local bin i pids=()
  for i in 0 1; do
    bin=$old
    [ "$i" = 1 ] && bin=$new
    (
      set +e
      env -i HOME="$work/home" TZ=Europe/Berlin LANG=C PATH=/usr/bin:/bin "$bin" "$@" --answers "$input" \
        2> "$work/big$i.err" | sha256sum > "$work/big$i.out"
      echo "${PIPESTATUS[0]}" > "$work/big$i.code"
    ) &
    pids+=($!)
  done
  wait "${pids[@]}"
  compared=$((compared + 1))
  if ! cmp -s <(cat "$work/big0."{code,out,err}) <(cat "$work/big1."{code,out,err}); then
    differ=$((differ + 1))
    echo "DIFFERS: $name: $* ($(cat "$work/big0.code") vs $(cat "$work/big1.code"))"
  fi
}

empty=/dev/null
echo "== the catalog, help and errors"
for lang in en de; do
  same "scenarios" $empty scenarios --lang $lang
  for f in text markdown json; do
    same "scenarios" $empty scenarios -o $f --lang $lang
    for id in A B C D E c Z; do
      same "scenarios $id" $empty scenarios "$id" -o $f --lang $lang
    done
  done
  same "schema" $empty schema --lang $lang
  for f in text markdown; do same "checklist" $empty checklist -o $f --lang $lang; done
  same "template" $empty diagnose --template csv --lang $lang
  same "help" $empty --help --lang $lang
  for c in cases checklist completion config diagnose help login logout message scenarios schema tenant "tenant check" \
    "tenant resolve" ticket version "config set" "config get" "cases rm" "cases show" "login status"; do
    # shellcheck disable=SC2086
    same "help $c" $empty $c --help --lang $lang
  done
  for id in 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31 " {4B9D3F1C2A7E4C1D9F0A6E2B8C7D5A31} " contoso.com "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3" \
    "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a3l" $'4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d\u200b5a31'; do
    for f in text json; do
      same "tenant check" $empty tenant check "$id" -o $f --lang $lang
      same "tenant check --confirmed" $empty tenant check "$id" --confirmed 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31 -o $f --lang $lang
    done
  done
  same "unknown flag" $empty diagnose --bogus --lang $lang
  same "bad output" $empty diagnose -o yaml --lang $lang
  same "missing file" $empty diagnose --answers nonexistent.json --lang $lang
  same "bad now" $empty diagnose --now yesterday --lang $lang
  same "unknown command" $empty diagnos --lang $lang
  same "bad kind" $empty message --kind x --answers "$work/in/e-support.json" --lang $lang
done
same "bad lang" $empty scenarios --lang fr

echo "== every example and hostile input"
for in in "$work"/in/*; do
  name=$(basename "$in")
  for lang in en de; do
    for f in text markdown json csv; do
      same "$name" $empty diagnose --answers "$in" -o $f --lang $lang --now $now
    done
    same "$name summary" $empty diagnose --answers "$in" --summary --lang $lang --now $now
    same "$name excel" $empty diagnose --answers "$in" --excel --lang $lang --now $now
    same "$name stdin" "$in" diagnose -o json --lang $lang --now $now
    for f in text markdown json; do
      same "$name ticket" $empty ticket --answers "$in" -o $f --lang $lang --ticket-lang $lang --now $now
      extra_env="CSPFIX_CONFIG=$work/desk.json" same "$name ticket desk" $empty ticket --answers "$in" -o $f --lang $lang \
        --ticket-lang $lang --now $now --impact "Orders are blocked"
    done
    for f in text markdown json eml; do
      for kind in "" questions next-steps; do
        same "$name message $kind" $empty message --answers "$in" -o $f --lang $lang --customer-lang $lang --now $now ${kind:+--kind $kind}
      done
      extra_env="CSPFIX_CONFIG=$work/desk.json" same "$name message link" $empty message --answers "$in" -o $f --lang $lang --now $now \
        --invitation-url "https://admin.microsoft.com/Adminportal/Home?invType=ResellerRelationship&partnerId=x#/BillingAccounts/partner-invitation"
    done
  done
done

echo "== lookups against a fake sign-in service"
mkdir -p "$work/authority"
cp "$repo"/internal/discovery/testdata/*.json "$work/authority/"
sed 's/microsoftonline\.com/microsoftonline.cn/g; s/"tenant_region_scope":"[A-Z]*"/"tenant_region_scope":"AS"/' \
  "$work/authority/commercial-ww.json" > "$work/authority/china.json"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$work/authority" "$port" <<'PY' &
import http.server, os, sys
root, port = sys.argv[1], int(sys.argv[2])
docs = {"contoso.onmicrosoft.com": "commercial-ww.json", "fabrikam.de": "commercial-eu.json",
        "agency.us": "us-government.json", "china.example": "china.json"}
class H(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a): pass
    def do_GET(self):
        parts = self.path.strip("/").split("/", 1)
        if len(parts) != 2 or parts[1] != "v2.0/.well-known/openid-configuration":
            self.send_response(404); self.end_headers(); return
        if parts[0] == "broken.example":
            self.send_response(200); self.end_headers(); self.wfile.write(b"{not json"); return
        name = docs.get(parts[0])
        self.send_response(200 if name else 400); self.end_headers()
        self.wfile.write(open(os.path.join(root, name or "unknown-domain.json"), "rb").read())
http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
PY
server=$!
for _ in $(seq 50); do python3 -c "import socket; socket.create_connection(('127.0.0.1',$port))" 2>/dev/null && break; sleep 0.1; done
head -n 3000 "$cache/cases-$n.jsonl" | python3 -c '
import json, sys
domains = ["contoso.onmicrosoft.com", "fabrikam.de", "agency.us", "china.example", "broken.example", "nowhere.example"]
for i, line in enumerate(sys.stdin):
    c = json.loads(line)
    c.setdefault("customer", {})["domain"] = domains[i % len(domains)]
    if i % 3 == 0:
        c["customer"]["tenant_id"] = "4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31"
    print(json.dumps(c, ensure_ascii=False))' > "$work/online.jsonl"
for lang in en de; do
  for f in text json; do
    extra_env="CSPFIX_AUTHORITY=http://127.0.0.1:$port" same "online" $empty diagnose --online --answers "$work/online.jsonl" -o $f --lang $lang --now $now
    extra_env="CSPFIX_AUTHORITY=http://127.0.0.1:1" same "online unreachable" $empty diagnose --online --answers "$work/in/a-other-partner.json" -o $f --lang $lang --now $now
  done
  extra_env="CSPFIX_AUTHORITY=http://127.0.0.1:$port" same "tenant resolve" $empty tenant resolve agency.us --lang $lang
  extra_env="CSPFIX_AUTHORITY=http://127.0.0.1:$port" same "tenant resolve" $empty tenant resolve nowhere.example --lang $lang
done

echo "== scripted walkthroughs (accessible)"
# Answers typed one a line: the attempt, the conversation, the own checks, the review, then the
# verdicts. Each script takes another way through the walkthrough.
mkdir -p "$work/walk"
printf '%s\n' Contoso contoso.com 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31 4847383 Northwind '' now 1 2 2 1 2 2 \
  4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31 2 3 2 '' 2 'did not help' 1 '' > "$work/walk/a"
printf '%s\n' Fabrikam '' ' 4b9d3f1c2a7e4c1d9f0a6e2b8c7d5a31' 48x '' 4847383 back '' '' '2026-11-20 11:00' 2 2 2 2 1 1 '2026-11-20 10:30' \
  4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a32 3 2 '' 2 3 4 '' 2 'no luck' 2 '' 1 > "$work/walk/b"
printf '%s\n' Northwind '' 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31 4847383 '' '' '2026-11-19 09:00' 2 2 2 2 2 \
  4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31 2 2 '' 1 'SR-123' 2 > "$work/walk/c"
printf '%s\n' Litware '' 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31 4847383 '' '' now 3 3 3 3 1 3 '' '' 3 3 '' '' > "$work/walk/d"
printf '%s\n' Adatum '' 4b9d3f1c-2a7e-4c1d-9f0a-6e2b8c7d5a31 '' '' '' now 1 1 2 2 2 1 2 '2026-11-20 10:00' '' 2 3 '' 1 '' > "$work/walk/e"
for script in "$work"/walk/*; do
  for lang in en de; do
    same "walkthrough $(basename "$script")" "$script" diagnose --accessible --save case.json --lang $lang --now $now
    extra_env="CSPFIX_CONFIG=$work/desk.json" same "walkthrough desk $(basename "$script")" "$script" diagnose --accessible \
      --save case.json --lang $lang --now $now
  done
done
for ex in d-recent-change e-support resolved ticket-opened c-wrong-tenant-id; do
  for lang in en de; do
    seed="$work/in/$ex.json" same "resume $ex" "$work/walk/d" diagnose --accessible --resume case.json --lang $lang --now $now
  done
done

echo "== $n generated cases"
for lang in en de; do
  for f in json text markdown csv; do
    big "generated" "$cache/cases-$n.jsonl" diagnose -o $f --lang $lang --now $now
  done
  big "generated summary" "$cache/cases-$n.jsonl" diagnose --summary --lang $lang --now $now
  big "generated from CSV" "$cache/cases-$n.csv" diagnose -o json --lang $lang --now $now
  for f in text json; do
    big "generated ticket" "$cache/cases-$n.jsonl" ticket -o $f --lang $lang --ticket-lang $lang --now $now
    big "generated message" "$cache/cases-$n.jsonl" message -o $f --lang $lang --customer-lang $lang --now $now
  done
done

echo "compared $compared runs: $differ differ"
[ "$differ" -eq 0 ]
