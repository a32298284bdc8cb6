#!/usr/bin/env bash
# Scenario benchmarks beside their numpy/pandas peers, in one run (not part of CI: slow).
# Trade layer: the 2-point China scenario on the SYNTHETIC 11-million-row year that
# reference/trade_network/bench.sh generates and imports into $BENCH_DIR/cache (run that
# first). Input-output layer: the propagation at N = 1,435 and 3,465 after the table is
# built (chainlens: divan, `cargo bench -p chainlens-scenarios --bench propagation`).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
python=$(bash reference/venv.sh)
bench=${BENCH_DIR:-$root/bench-data}
[ -f "$bench/cache/flows.parquet" ] || { echo "no $bench/cache: run reference/trade_network/bench.sh first" >&2; exit 1; }
cargo build --release --quiet -p chainlens-cli
cat "$bench/cache/flows.parquet" > /dev/null # warm the page cache
for run in 1 2 3; do
  /usr/bin/time -f "chainlens 2-point scenario (load cache, shock, vulnerability before and after, CSVs), run $run: %e s wall, peak RSS %M KiB" \
    ./target/release/chainlens scenario run examples/scenarios/china-intermediates-2pt.toml \
    --trade "$bench/cache" --out "$bench/scenario-out" 2>&1 >/dev/null | tail -n 1
done
grep -o "[0-9]* goods change vulnerability category" <(./target/release/chainlens scenario run \
  examples/scenarios/china-intermediates-2pt.toml --trade "$bench/cache" 2>/dev/null)
"$python" reference/scenarios/bench.py trade "$bench/cache/flows.parquet" "$bench/universe.csv"
cargo bench --quiet -p chainlens-scenarios --bench propagation 2>&1 | grep -E "\(|propagat"
"$python" reference/scenarios/bench.py io 41 35
"$python" reference/scenarios/bench.py io 77 45
