#!/usr/bin/env bash
# Input-output benchmarks: numpy and pymrio (bench.py) side by side with
# chainlens' divan benches (crates/chainlens-input-output/benches), in one run.
# Usage: bash reference/input_output/bench.sh [wiod2013,wiod2016,icio2023]
# Results go in BENCHMARKS.md, section "## Input-output".
source "$(dirname "$0")/../prelude.sh"
sizes="${1:-wiod2013,wiod2016,icio2023}"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "== numpy / pymrio"
"$python" reference/input_output/bench.py "$sizes"
echo "== chainlens (divan, cargo bench -p chainlens-input-output)"
CHAINLENS_BENCH_SIZES="$sizes" cargo bench -q -p chainlens-input-output --bench input_output
echo "== a real table: WIOD 2013, 2011 (N = 1,435), chainlens gvc (whole command) beside pandas + numpy"
wiod=../shared/data/wiod2013/icio_layout/WIOD13_ICIO_2011.csv.gz
[ -f "$wiod" ] || { echo "missing $wiod (../shared/data)" >&2; exit 1; }
cargo build --release --quiet -p chainlens-cli
"$python" reference/input_output/bench_wiod.py "$wiod"
out=$(mktemp -d)
for run in 1 2 3; do
  /usr/bin/time -f "chainlens gvc $wiod, run $run: %e s wall, peak RSS %M KiB" \
    ./target/release/chainlens gvc "$wiod" --out "$out" > /dev/null
done
rm -rf "$out"
