#!/usr/bin/env bash
# Input-output benchmarks: numpy and pymrio (bench.py) side by side with
# chainlens' divan benches (crates/chainlens-input-output/benches), in one run.
# Usage: bash reference/input_output/bench.sh [wiod2013,wiod2016,icio2023]
# Results go in BENCHMARKS.md, section "## Input-output".
set -euo pipefail
cd "$(dirname "$0")/../.."
sizes="${1:-wiod2013,wiod2016,icio2023}"
python=$(bash reference/venv.sh)
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== numpy / pymrio"
"$python" reference/input_output/bench.py "$sizes"
echo "== chainlens (divan, cargo bench -p chainlens-input-output)"
CHAINLENS_BENCH_SIZES="$sizes" cargo bench -q -p chainlens-input-output --bench input_output
