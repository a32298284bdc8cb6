#!/usr/bin/env bash
# Scenario benchmarks beside their numpy/pandas peers, in one run (not part of CI: slow).
# Trade layer: the 2-point China scenario on the SYNTHETIC 11-million-row year that
# reference/trade_network/bench.sh generates and imports into $BENCH_DIR/cache (run that
# first). Input-output layer: the propagation at N = 1,435 and 3,465 after the table is
# built (chainlens: divan, `cargo bench -p chainlens-scenarios --bench propagation`). Ends
# with a summary table.
source "$(dirname "$0")/../prelude.sh"
bench=${BENCH_DIR:-$root/bench-data}
[ -f "$bench/cache/flows.parquet" ] || { echo "no $bench/cache: run reference/trade_network/bench.sh first" >&2; exit 1; }
cargo build --release --quiet -p chainlens-cli
cat "$bench/cache/flows.parquet" > /dev/null # warm the page cache
best=
for run in 1 2 3; do
  read -r wall rss < <(/usr/bin/time -f "%e %M" ./target/release/chainlens scenario run \
    examples/scenarios/china-intermediates-2pt.toml --trade "$bench/cache" --out "$bench/scenario-out" 2>&1 >/dev/null | tail -n 1)
  echo "chainlens 2-point scenario (load cache, shock, vulnerability before and after, CSVs), run $run: $wall s wall, peak RSS $rss KiB"
  best=$(printf '%s\n' $best "$wall" | sort -g | head -n 1)
done
grep -o "[0-9]* goods change vulnerability category" <(./target/release/chainlens scenario run \
  examples/scenarios/china-intermediates-2pt.toml --trade "$bench/cache" 2>/dev/null)
pandas=$("$python" reference/scenarios/bench.py trade "$bench/cache/flows.parquet" "$bench/universe.csv" | tee /dev/stderr)
divan=$(cargo bench --quiet -p chainlens-scenarios --bench propagation 2>&1 | grep -E "\(|propagat" | tee /dev/stderr)
numpy_small=$("$python" reference/scenarios/bench.py io 41 35 | tee /dev/stderr)
numpy_large=$("$python" reference/scenarios/bench.py io 77 45 | tee /dev/stderr)
fastest() { echo "$divan" | grep -F "($1)" | awk '{print $4, $5}'; }
seconds() { sed -E 's/^[^:]*: ([0-9.]+ s).*/\1/' <<< "$1"; }
echo
echo "| step | chainlens | pandas / numpy |"
echo "|---|---|---|"
echo "| 2-point scenario, trade layer, whole command (best of 3) | $best s | $(seconds "$pandas") |"
echo "| propagation N = 1,435 (divan fastest) | $(fastest "41, 35") | $(seconds "$numpy_small") |"
echo "| propagation N = 3,465 (divan fastest) | $(fastest "77, 45") | $(seconds "$numpy_large") |"
