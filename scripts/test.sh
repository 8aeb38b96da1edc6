#!/usr/bin/env bash
# Runs every test of the project: the one test command (README, .ci/run).
#
#   1. installs what the browser tests need when it is missing (Debian's chromium and CJK
#      fonts through apt, the pinned npm packages of tests/browser/ through `npm ci`);
#   2. cargo fmt --check, cargo clippy -D warnings, cargo test;
#   3. builds the sample site with the release binary into a temporary folder, serves it
#      on 127.0.0.1 and runs the browser tests (tests/browser/*.test.mjs, `node --test`).
#
# Every step runs even when an earlier independent one failed, so one run shows every
# problem; the summary at the end names each step, and the exit code is non-zero if any failed.
# Environment: KEEP_SITE=1 keeps the built site and prints where it is.
#
# `./scripts/test.sh --fast`: only step 2 (fmt, clippy, cargo test): no installs, no release
# build, no browser. Same summary. For the edit-test loop; CI runs the full script.
#
# The steps run as `if` conditions, where bash ignores `set -e`: every command inside a step
# that can fail carries its own `|| return 1`.
set -euo pipefail
FAST=
case ${1:-} in
  "") ;;
  --fast) FAST=1 ;;
  *)
    echo "usage: $0 [--fast]" >&2
    exit 2
    ;;
esac
cd "$(dirname "$0")/.."
ROOT=$PWD
T0=$(date +%s)
# HTML snapshots (tests/it/snapshots.rs) only compare here: a new or changed snapshot fails
# the run and is never written, whatever the caller's environment says. Accepting one is a
# separate, reviewed step (README, Tests).
export INSTA_UPDATE=no

WORK=$(mktemp -d "${TMPDIR:-/tmp}/planpress-test.XXXXXX")
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ ${KEEP_SITE:-} == 1 ]]; then
    echo "kept: $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SUMMARY=()
FAILED=0
step() {
  # step NAME CMD...: run CMD, time it, record the outcome; never stops the script.
  local name=$1
  shift
  local t=$SECONDS
  printf '\n\033[1m==> %s\033[0m\n' "$name"
  if "$@"; then
    SUMMARY+=("ok      $name ($((SECONDS - t))s)")
    return 0
  else
    local rc=$?
    SUMMARY+=("FAILED  $name ($((SECONDS - t))s, exit $rc)")
    FAILED=1
    printf '\033[1;31mFAILED: %s (exit %s)\033[0m\n' "$name" "$rc" >&2
    return 1
  fi
}
skip() {
  SUMMARY+=("SKIPPED $1: $2")
  printf '\n\033[1;33m==> SKIPPED %s: %s\033[0m\n' "$1" "$2"
}

as_root() {
  if [[ $(id -u) == 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "need root to run: $*" >&2
    return 1
  fi
}

install_system_deps() {
  local pkgs=()
  # Chinese glyphs in screenshots need CJK fonts; Debian's chromium does not pull them in.
  [[ -x /usr/bin/chromium ]] || pkgs+=(chromium fonts-noto-cjk)
  if [[ ${#pkgs[@]} -eq 0 ]] && ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then pkgs+=(fonts-noto-cjk); fi
  command -v node >/dev/null && command -v npm >/dev/null || pkgs+=(nodejs npm)
  if [[ ${#pkgs[@]} -eq 0 ]]; then
    echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo '?'); node $(node --version)"
    return 0
  fi
  echo "installing: ${pkgs[*]}"
  as_root apt-get update -q || return 1
  # The lock timeout lets this wait for another apt run instead of failing at once.
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get -o DPkg::Lock::Timeout=600 install -y -q "${pkgs[@]}" || return 1
  [[ -x /usr/bin/chromium ]] || { echo "/usr/bin/chromium still missing after apt-get" >&2; return 1; }
}

install_node_deps() {
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
}

cargo_test() {
  cargo test --color=never 2>&1 | tee "$WORK/cargo-test.log"
}

# `cargo build --release` writes into $CARGO_TARGET_DIR when it is set (a shared target folder).
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/release/planpress
SITE=$WORK/public
PORT=

build_site() {
  # A free loopback port, known before the build so canonical and copied links point at
  # the server the tests use.
  PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})") || return 1
  "$BIN" build --out "$SITE" --base-url "http://127.0.0.1:$PORT/" || return 1
  [[ -f $SITE/index.html ]] || { echo "the build wrote no $SITE/index.html" >&2; return 1; }
  echo "built $(find "$SITE" -name '*.html' | wc -l) HTML pages into $SITE"
}

start_server() {
  node tests/browser/lib/serve.mjs "$SITE" "$PORT" >"$WORK/serve.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    if grep -q '^http://' "$WORK/serve.log" 2>/dev/null; then
      echo "serving $SITE at $(head -1 "$WORK/serve.log")"
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "the static server did not start:" >&2
  cat "$WORK/serve.log" >&2
  return 1
}

browser_tests() {
  # One file at a time: each launches its own Chromium, and two at once on 2 shared cores
  # only makes timeouts likelier.
  (cd tests/browser &&
    SITE_URL=${PORT:+http://127.0.0.1:$PORT/} SITE_DIR=${SITE_READY:+$SITE} CONTENT_DIR=$ROOT/content PLANPRESS_BIN=$BIN \
      node --test --test-concurrency=1 \
      --test-reporter=spec --test-reporter-destination=stdout \
      --test-reporter=tap --test-reporter-destination="$WORK/node.tap" \
      "$@")
}

if [[ -z $FAST ]]; then
  step "install chromium, fonts, node (apt, only if missing)" install_system_deps || true
  step "npm ci (tests/browser)" install_node_deps || true
fi
step "cargo fmt --check" cargo fmt --check || true
step "cargo clippy --all-targets -D warnings" cargo clippy --all-targets -- -D warnings || true
step "cargo test" cargo_test || true

if [[ -n $FAST ]]; then
  skip "release build, sample site, browser tests" "--fast"
else
  SITE_READY=
  shopt -s nullglob
  content_plans=(content/plans/*.md)
  browser_files=(tests/browser/*.test.mjs)
  browser_files=("${browser_files[@]#tests/browser/}")
  if [[ ${#content_plans[@]} -eq 0 ]]; then
    step "sample content" bash -c 'echo "no content/plans/*.md: nothing to build the sample site from" >&2; exit 1' || true
    skip "site browser tests" "no sample content to build"
    browser_files=(harness.test.mjs)
  elif step "cargo build --release" cargo build --release &&
    step "build the sample site (release binary)" build_site &&
    step "serve the site on 127.0.0.1" start_server; then
    SITE_READY=1
  else
    skip "site browser tests" "the site could not be built or served (see above)"
    browser_files=(harness.test.mjs)
  fi
  step "browser tests (node --test: ${browser_files[*]})" browser_tests "${browser_files[@]}" || true
fi

# ---- summary ----
passed=0 failed=0 skipped=0
if [[ -f $WORK/cargo-test.log ]]; then
  while read -r p f i; do
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + i))
  done < <(sed -nE 's/^test result: [^.]*\. ([0-9]+) passed; ([0-9]+) failed; ([0-9]+) ignored.*/\1 \2 \3/p' "$WORK/cargo-test.log")
fi
if [[ -f $WORK/node.tap ]]; then
  np=$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$WORK/node.tap" | tail -1)
  nf=$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$WORK/node.tap" | tail -1)
  ns=$(sed -nE 's/^# skipped ([0-9]+)$/\1/p' "$WORK/node.tap" | tail -1)
  nt=$(sed -nE 's/^# todo ([0-9]+)$/\1/p' "$WORK/node.tap" | tail -1)
  passed=$((passed + ${np:-0})) failed=$((failed + ${nf:-0})) skipped=$((skipped + ${ns:-0} + ${nt:-0}))
fi

printf '\n\033[1m==> summary (%ss)\033[0m\n' "$(($(date +%s) - T0))"
printf '  %s\n' "${SUMMARY[@]}"
if [[ $FAILED -ne 0 && $failed -eq 0 ]]; then
  failed=1 # a failed step with no failed test (fmt, clippy, build) still counts as a failure
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [[ $FAILED -ne 0 ]]; then
  printf '\033[1;31mTESTS FAILED\033[0m\n'
  exit 1
fi
printf '\033[1;32mALL TESTS PASSED\033[0m\n'
