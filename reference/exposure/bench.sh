#!/usr/bin/env bash
# Benchmark of `chainlens exposure` (whole command: open the trade cache, categories for
# every importer, read the table, exposure of every country, CHN's industries, the users
# of chapter 28) on a SYNTHETIC 11M-row BACI year and a SYNTHETIC 77 x 45 table with
# ICIO 2023 industry codes, beside the numpy/pandas reference doing the exposure part
# alone (it is given chainlens' categories). Results go in BENCHMARKS.md, "## Exposure".
source "$(dirname "$0")/../prelude.sh"
data="$root/../shared/data"
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
cargo build --release --quiet -p chainlens-cli -p chainlens-bench
./target/release/generate-baci --rows 11000000 --years 2018 --products 5000 --extra-economies 98 --out "$work/baci"
./target/release/chainlens import baci "$work/baci" --out "$work/cache" > /dev/null
./target/release/generate-icio --countries 77 --seed 1 --out "$work/icio.csv"
for run in 1 2 3; do
  CHAINLENS_DATA="$data" /usr/bin/time -f "chainlens exposure, run $run: %e s wall, peak RSS %M KiB" \
    ./target/release/chainlens exposure --trade "$work/cache" --table "$work/icio.csv" \
    --country CHN --goods 28 --top 100000 --out "$work/ours" > /dev/null 2> "$work/time.txt" || { cat "$work/time.txt"; exit 1; }
  tail -1 "$work/time.txt"
done
./target/release/chainlens vulnerability --trade "$work/cache" --importer all --out "$work/vulnerability" > /dev/null
for run in 1 2 3; do
  /usr/bin/time -f "numpy/pandas reference (table read + exposure + checks), run $run: %e s wall, peak RSS %M KiB" \
    "$python" reference/exposure/exposure.py "$work/icio.csv" "$data/hs-concordance/hs_isic4.csv" \
    "$work/vulnerability/products.csv" "$work/ours" CHN 28 > "$work/ref.txt" 2> "$work/time.txt" || { cat "$work/ref.txt" "$work/time.txt"; exit 1; }
  tail -1 "$work/time.txt"
done
tail -1 "$work/ref.txt"
