#!/usr/bin/env bash
# Rebuild after a one-word edit (issue 17), at N plans (default 1,000). Prints:
#   - `build`: a fresh build into an empty folder, a rebuild into the same folder with no
#     change, and a rebuild after a one-word edit: wall seconds and files written;
#   - `serve`: over RUNS edits (default 5), the time from saving the edited plan file to the
#     server's `/__planpress/state` reporting the new build (what makes open pages reload),
#     to the edited plan's page being served changed, and to the search index and open-data
#     files being up to date too (`complete`: the full build after the pages-first one);
#     with and without the search index. Then, where Chromium and the browser tests' Node
#     packages are installed, `bench/reload.mjs`: save to the open page reloaded in Chromium.
# It prints figures; it never fails because a machine is slow.
#
#   bench/rebuild.sh            # N = 1000
#   bench/rebuild.sh 5          # the sample's size
#   RUNS=10 MODES=no-search bench/rebuild.sh 1000
#
# The corpus is made by `bench/corpus.rs` (as for bench/site.sh) into bench/out/ (gitignored).
# The edit replaces the first 加强 in the body of the middle plan file with another word
# (a different one each run), so each run is a one-word edit of the text before it.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/out
N=${1:-1000}
RUNS=${RUNS:-5}
read -r -a MODES <<<"${MODES:-search no-search}"
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}

cd "$ROOT"
echo "building the release binary and the corpus generator…" >&2
cargo build --release --quiet --bin planpress --example corpus
BIN=$TARGET/release/planpress
GEN=$TARGET/release/examples/corpus
mkdir -p "$OUT"
corpus=$OUT/rebuild-corpus-$N
site=$OUT/rebuild-site-$N
rm -rf "$corpus" "$site"
"$GEN" "$ROOT" "$corpus" "$N" >/dev/null

# The middle plan file holding 加强 in its body, and its original text.
mapfile -t files < <(ls "$corpus"/content/plans/*.md)
plan=
for ((i = ${#files[@]} / 2; i < ${#files[@]}; i++)); do
  if grep -q '加强' "${files[$i]}"; then plan=${files[$i]}; break; fi
done
[ -n "$plan" ] || { echo "no plan file with 加强 in $corpus" >&2; exit 2; }
orig=$OUT/rebuild-orig.md
cp "$plan" "$orig"
slug=$(awk -F': *' '/^slug:/ {print $2; exit}' "$plan" | tr -d "\"'")
WORDS=(强化 增强 深化 推进 落实 完善 健全 提高 提升 巩固 优化)
# Edit k: the original text with its first 加强 replaced by word k (the first 加强 follows
# the front matter in every committed plan).
edit() {
  W=${WORDS[$(($1 % ${#WORDS[@]}))]} perl -CSD -Mutf8 -0777 -pe 'BEGIN { $w = $ENV{W}; utf8::decode($w) } s/加强/$w/' "$orig" >"$plan.tmp"
  mv "$plan.tmp" "$plan"
}
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", b - a}'; }

echo "## N = $N plans ($(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at start; plan edited: $(basename "$plan"))"
echo
echo "| build | wall s | files written |"
echo "|---|---:|---:|"
stamp=$OUT/rebuild-stamp
written() { find "$site" -type f -newer "$stamp" | wc -l; }
run_build() {
  local label=$1 t0 t1
  sync
  touch "$stamp"
  sleep 0.01
  t0=$(now)
  "$BIN" build --root "$corpus" --out "$site" >/dev/null 2>"$OUT/rebuild-build.log" || {
    echo "build failed:" >&2
    tail -5 "$OUT/rebuild-build.log" >&2
    exit 1
  }
  t1=$(now)
  echo "| $label | $(secs "$t0" "$t1") | $(written) |"
}
run_build "fresh (empty output folder)"
run_build "again, no change"
edit 1
run_build "again, after a one-word edit"
cp "$orig" "$plan"

for mode in "${MODES[@]}"; do
  args=(serve --root "$corpus" --port 0)
  [ "$mode" = no-search ] && args+=(--no-search)
  log=$OUT/rebuild-serve-$mode.log
  "$BIN" "${args[@]}" >"$log" 2>&1 &
  pid=$!
  port=
  for _ in $(seq 600); do
    port=$(sed -n 's|^serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log" | head -1)
    [ -n "$port" ] && break
    sleep 0.5
  done
  if [ -z "$port" ]; then
    echo "serve did not start ($mode); see $log" >&2
    kill "$pid"
    continue
  fi
  state() { curl -s "http://127.0.0.1:$port/__planpress/state" | sed -n 's/.*"generation":\([0-9]*\).*/\1/p'; }
  complete() { curl -s "http://127.0.0.1:$port/__planpress/state" | grep -q '"complete":true'; }
  page() { curl -s "http://127.0.0.1:$port/plans/$slug/" | md5sum; }
  echo
  echo "serve, $mode: first build $(sed -n 's/^build 1: .* in \([0-9]*\) ms/\1 ms/p' "$log")"
  echo
  echo "| edit | save → new build reported s | save → edited page served s | save → search and data current s | serve's own figures |"
  echo "|---:|---:|---:|---:|---|"
  for k in $(seq 2 $((RUNS + 1))); do
    gen=$(state)
    before=$(page)
    sleep 1
    t0=$(now)
    edit "$k"
    t1=
    for _ in $(seq 6000); do
      g=$(state)
      if [ -n "$g" ] && [ "$g" != "$gen" ]; then t1=$(now); break; fi
      sleep 0.01
    done
    t2=
    for _ in $(seq 600); do
      if [ "$(page)" != "$before" ]; then t2=$(now); break; fi
      sleep 0.01
    done
    t3=
    for _ in $(seq 6000); do
      if complete; then t3=$(now); break; fi
      sleep 0.01
    done
    sleep 0.2
    own=$(grep '^build ' "$log" | tail -2 | sed 's/ (\([0-9]*\) pages unchanged, not rendered)//; s/^build [0-9]*: //' | paste -sd ';' -)
    echo "| $((k - 1)) | ${t1:+$(secs "$t0" "$t1")} | ${t2:+$(secs "$t0" "$t2")} | ${t3:+$(secs "$t0" "$t3")} | ${own} |"
  done
  kill "$pid"
  wait "$pid" 2>/dev/null || true
done
cp "$orig" "$plan"
if [ -x /usr/bin/chromium ] && [ -d "$ROOT/tests/browser/node_modules/playwright-core" ]; then
  echo
  node "$ROOT/bench/reload.mjs" "$BIN" "$corpus" "$plan" "$slug" "$RUNS" || echo "(reload.mjs failed)"
  cp "$orig" "$plan"
fi
rm -rf "$site"
