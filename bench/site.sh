#!/usr/bin/env bash
# Whole-site benchmark: builds corpora of N plans made from content/plans/*.md and prints,
# per N, wall and CPU seconds, peak RSS, pages and bytes written and pages per second, with
# and without the search index. It prints figures; it never fails because a machine is slow.
#
#   bench/site.sh              # N = 5 1000 10000
#   bench/site.sh 5 1000       # pick the sizes
#   RUNS=5 bench/site.sh 1000  # runs per size up to 1000 plans (median shown; default 3)
#   MODES=no-search bench/site.sh 10000   # only one of the two modes (search, no-search)
#
# Corpora and outputs go to bench/out/ (gitignored). Each run builds into a fresh folder
# that no earlier output occupied, like Hugo's figures in the issue ("into a fresh folder"):
# ext4 without a journal (this machine's root filesystem) passes over inodes freed in the
# last 60 s (360 s while their table block is still dirty) when it creates files, so a
# build started right after deleting a 500,000-file site spends most of its time in the
# kernel (Hugo: 19 s instead of 10.6 s). The outputs of one N are kept until that N is
# done, then deleted, synced and given SETTLE seconds (default 65) before the next N's
# clock starts; each run is preceded by a sync so no run pays for flushing the last one.
# Disk: about 0.7 GB per run at 1,000 plans, 7 GB at 10,000. Needs GNU time
# (/usr/bin/time; Debian package `time`).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/bench/out
RUNS=${RUNS:-3}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(5 1000 10000)

if [ ! -x /usr/bin/time ]; then
  echo "bench/site.sh needs GNU time: apt-get install -y time" >&2
  exit 2
fi

cd "$ROOT"
echo "building the release binary and the corpus generator…" >&2
cargo build --release --quiet --bin planpress --example corpus
BIN=$ROOT/target/release/planpress
GEN=$ROOT/target/release/examples/corpus
mkdir -p "$OUT"

# Search modes: with the index (default) and without it, when the binary has the flag.
# MODES="no-search" bench/site.sh 10000 measures one of them.
if [ -n "${MODES:-}" ]; then
  read -r -a MODES <<<"$MODES"
else
  MODES=("search")
  if "$BIN" build --help | grep -q -- '--no-search'; then
    MODES+=("no-search")
  else
    echo "note: this planpress has no --no-search flag; only the default build is measured" >&2
  fi
fi

# Delete outputs and wait out ext4's window for recently freed inodes (see the top).
settle() {
  # KEEP=1 leaves the outputs (deleting half a million files can take many minutes here).
  [ "${KEEP:-}" = 1 ] && return 0
  local any=
  for d in "$@"; do
    [ -e "$d" ] && { rm -rf "$d"; any=1; }
  done
  if [ -n "$any" ]; then
    sync
    sleep "${SETTLE:-65}"
  fi
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# One build; prints "wall cpu rss_mb pages bytes".
one_run() {
  local corpus=$1 site=$2 mode=$3 tlog=$OUT/time.log
  rm -rf "$site"
  sync
  local args=(build --root "$corpus" --out "$site")
  [ "$mode" = no-search ] && args+=(--no-search)
  local t0 t1
  t0=$(date +%s.%N)
  if ! /usr/bin/time -v -o "$tlog" "$BIN" "${args[@]}" >/dev/null 2>"$OUT/build.log"; then
    echo "build failed (N corpus $corpus, $mode); see $OUT/build.log:" >&2
    tail -5 "$OUT/build.log" >&2
    return 1
  fi
  t1=$(date +%s.%N)
  local user sys rss pages bytes
  user=$(awk -F': ' '/User time/ {print $2}' "$tlog")
  sys=$(awk -F': ' '/System time/ {print $2}' "$tlog")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tlog")
  pages=$(find "$site" -type f -name '*.html' | wc -l)
  bytes=$(find "$site" -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')
  awk -v t0="$t0" -v t1="$t1" -v u="$user" -v s="$sys" -v r="$rss" -v p="$pages" -v b="$bytes" \
    'BEGIN {printf "%.3f %.2f %.0f %d %.0f\n", t1-t0, u+s, r/1024, p, b}'
}

: >"$OUT/search-figures.txt"
printf '| N plans | search | wall s | CPU s | peak RSS MB | pages | files | MB written | pages/s |\n'
printf '|---:|---|---:|---:|---:|---:|---:|---:|---:|\n'
settle "$OUT"/site-*
for n in "${SIZES[@]}"; do
  corpus=$OUT/corpus-$n
  "$GEN" "$ROOT" "$corpus" "$n"
  runs=$RUNS
  [ "$n" -gt 1000 ] && runs=1
  for mode in "${MODES[@]}"; do
    : >"$OUT/runs.txt"
    failed=
    for r in $(seq "$runs"); do
      site=$OUT/site-$n-$mode-$r
      one_run "$corpus" "$site" "$mode" >>"$OUT/runs.txt" || { failed=1; break; }
    done
    if [ -n "$failed" ]; then
      printf '| %d | %s | build failed (see above) | | | | | | |\n' "$n" "$mode"
      continue
    fi
    wall=$(awk '{print $1}' "$OUT/runs.txt" | median)
    cpu=$(awk '{print $2}' "$OUT/runs.txt" | median)
    rss=$(awk '{print $3}' "$OUT/runs.txt" | median)
    pages=$(awk '{print $4}' "$OUT/runs.txt" | median)
    bytes=$(awk '{print $5}' "$OUT/runs.txt" | median)
    files=$(find "$site" -type f | wc -l)
    label=yes
    [ "$mode" = no-search ] && label=no
    # A binary that accepts the flag but writes no index yet: say so rather than mislabel.
    if [ "$mode" = search ] && [ ! -d "$site/search" ]; then label="yes (no index written)"; fi
    awk -v n="$n" -v l="$label" -v w="$wall" -v c="$cpu" -v r="$rss" -v p="$pages" -v f="$files" -v b="$bytes" \
      'BEGIN {printf "| %d | %s | %.3f | %.2f | %d | %d | %d | %.1f | %.0f |\n", n, l, w, c, r, p, f, b/1e6, p/w}'
    # The index's own figures (size, and the time build spends on it) from the last run.
    if [ "$mode" = search ]; then
      grep -m1 '^search index:' "$OUT/build.log" | sed "s/^/  N=$n: /" >>"$OUT/search-figures.txt" || true
    fi
  done
  settle "$OUT"/site-"$n"-*
done
if [ -s "$OUT/search-figures.txt" ]; then
  echo
  echo "Search index (as \`planpress build\` reports it; last run of each N):"
  cat "$OUT/search-figures.txt"
fi
echo "($(nproc) cores; median of $RUNS runs for N ≤ 1000, one run above)" >&2
