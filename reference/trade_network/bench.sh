#!/usr/bin/env bash
# Benchmarks chainlens against polars and pandas on one SYNTHETIC BACI year of about
# 11 million flows (generated once into $BENCH_DIR, default ./bench-data): the import
# (parse) and the vulnerability analysis for all importers from the cache. Each step is
# a fresh process timed by /usr/bin/time (wall seconds, peak RSS). Results go to stdout;
# copy them into BENCHMARKS.md with the date and machine.
#
# With BASELINE=<an older chainlens binary> the script also checks that this build's
# outputs are byte-identical to the baseline's (`cmp`): the Parquet cache, the long tables
# (CSV and Parquet) and every CSV of `vulnerability --importer all --out`. It fails when
# they differ.
source "$(dirname "$0")/../prelude.sh"
bench=${BENCH_DIR:-$root/bench-data}
rows=${ROWS:-11000000}
mkdir -p "$bench"
cargo build --release --quiet -p chainlens-cli -p chainlens-bench
bin=${CARGO_TARGET_DIR:-$root/target}/release
if [ ! -f "$bench/baci-$rows/BACI_HS17_Y2018_Vsynthetic.csv" ]; then
  "$bin"/generate-baci --rows "$rows" --years 2018 --seed 11 --products 5000 --extra-economies 98 --out "$bench/baci-$rows"
fi
csv="$bench/baci-$rows/BACI_HS17_Y2018_Vsynthetic.csv"
# The synthetic year carries its own classification of intermediate goods.
cp "$bench/baci-$rows/intermediate_goods_Vsynthetic.csv" "$bench/universe.csv"
measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "$label: %e s wall, peak RSS %M KiB" "$@" > /dev/null 2> "$bench/time.log" || { cat "$bench/time.log"; exit 1; }
  tail -n 1 "$bench/time.log"
}
echo "rows in the file: $(($(wc -l < "$csv") - 1)), $(du -m "$csv" | cut -f1) MiB"
cat "$csv" > /dev/null # warm the page cache
measure "chainlens info <raw BACI dir> (parse + sort + summary)" "$bin"/chainlens info "$bench/baci-$rows"
rm -rf "$bench/cache"
measure "chainlens import baci (parse + sort + write Parquet)" "$bin"/chainlens import baci "$bench/baci-$rows" --out "$bench/cache"
for engine in polars pandas; do
  "$python" reference/trade_network/bench_peers.py read-csv $engine "$csv"
done
measure "chainlens info <cache> (load cache + summary)" "$bin"/chainlens info "$bench/cache"
for engine in polars pandas; do
  "$python" reference/trade_network/bench_peers.py read-parquet $engine "$bench/cache/flows.parquet"
done
measure "chainlens vulnerability --importer all (load cache + analysis)" "$bin"/chainlens vulnerability --trade "$bench/cache" --importer all
for engine in polars pandas; do
  "$python" reference/trade_network/bench_peers.py analyse $engine "$bench/cache/flows.parquet" "$bench/universe.csv"
done
for format in csv parquet; do
  rm -rf "$bench/long-$format"
  measure "chainlens vulnerability --importer all --out --format $format (load cache + analysis + one long table each)" "$bin"/chainlens vulnerability --trade "$bench/cache" --importer all --out "$bench/long-$format" --format "$format"
done
rm -rf "$bench/results"
measure "chainlens vulnerability --importer all --out (load cache + analysis + CSV folders)" "$bin"/chainlens vulnerability --trade "$bench/cache" --importer all --out "$bench/results"
if [ -n "${BASELINE:-}" ]; then
  rm -rf "$bench/baseline-cache" "$bench/baseline-results"
  "$BASELINE" import baci "$bench/baci-$rows" --out "$bench/baseline-cache" > /dev/null
  "$BASELINE" vulnerability --trade "$bench/baseline-cache" --importer all --out "$bench/baseline-results" > /dev/null
  cmp "$bench/cache/flows.parquet" "$bench/baseline-cache/flows.parquet"
  for format in csv parquet; do
    rm -rf "$bench/baseline-long-$format"
    "$BASELINE" vulnerability --trade "$bench/baseline-cache" --importer all --out "$bench/baseline-long-$format" --format "$format" > /dev/null
    for file in "$bench/long-$format"/*; do cmp "$file" "$bench/baseline-long-$format/$(basename "$file")"; done
  done
  (cd "$bench/baseline-results" && find . -type f | sort) > "$work/baseline-files"
  (cd "$bench/results" && find . -type f | sort) > "$work/files"
  cmp "$work/baseline-files" "$work/files"
  while read -r file; do cmp "$bench/baseline-results/$file" "$bench/results/$file"; done < "$work/files"
  echo "outputs byte-identical to $BASELINE: flows.parquet and $(wc -l < "$work/files") result files"
fi
echo "in-process timings: cargo bench -p chainlens-bench"
