#!/usr/bin/env bash
# Builds the release binaries that the reference scripts, the browser checks and the
# mutation campaign run (chainlens, the generate-* tools of chainlens-bench and
# chainlens-input-output's reference_dump example) with one cargo command. Every script
# calls this one, so all of them ask for the same packages, cargo unifies the same
# features each time, and CI compiles the release tree once instead of once per script.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --locked -p chainlens-cli -p chainlens-bench \
  -p chainlens-input-output --bins --example reference_dump
