#!/usr/bin/env bash
# Rebuilds the sample site and writes docs/screenshots/{home,plan,clause,table,search}-{desktop,phone}.png
# (referenced from README.md). Needs what ./scripts/test.sh installs: /usr/bin/chromium,
# fonts-noto-cjk, and tests/browser/node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x /usr/bin/chromium ]] || { echo "no /usr/bin/chromium: run ./scripts/test.sh once (it installs it)" >&2; exit 1; }
[[ -d tests/browser/node_modules ]] || (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/planpress-shots.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cargo build --release
"${CARGO_TARGET_DIR:-target}/release/planpress" build --out "$WORK/public"
SITE_DIR=$WORK/public node tests/browser/screenshots.mjs
